/*
 * exit_status <n> [via-exit]: exits with n by returning from main or through exit().
 * exit_status fault: writes into const data, which the startup's MPU region keeps read-only, as a
 * kernel with a wrong pointer into its weights would. exit_status overflow: recurses until the stack
 * overflows. exit_status div0: divides by zero. exit_status spin: never ends.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Each level keeps 1 KiB live across the call, so no compiler can turn it into a loop. */
static int recurse(volatile char *parent, int depth)
{
    volatile char frame[1024];
    frame[0] = (char)depth;
    frame[sizeof frame - 1] = parent[0];
    return depth > 1000000 ? frame[0] : recurse(frame, depth + 1) + frame[sizeof frame - 1];
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "overflow") == 0) {
        volatile char root[1] = {0};
        return recurse(root, 0);
    }
    if (argc == 2 && strcmp(argv[1], "div0") == 0) {
        volatile int zero = 0;
        return 100 / zero;
    }
    if (argc == 2 && strcmp(argv[1], "fault") == 0) {
        static const uint32_t weights[4] = {1, 2, 3, 4};
        *(volatile uint32_t *)(uintptr_t)weights = 5;
        return (int)weights[0];
    }
    if (argc == 2 && strcmp(argv[1], "spin") == 0) {
        for (volatile int i = 0;; i++) {
        }
    }
    if (argc == 3 && strcmp(argv[2], "via-exit") == 0) {
        exit(atoi(argv[1]));
    }
    return argc == 2 ? atoi(argv[1]) : 2;
}
