/*
 * Native throughput of the generated network: runs fashion_lenet_run() over every record of argv[1]
 * (FASHION_LENET_INPUT_SIZE bytes each) argv[2] times and prints the best pass in nanoseconds per inference.
 * Used by dev.j2cmsis.example.Bench; the outputs are summed so the compiler cannot drop the work.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fashion_lenet.h"

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    FILE *f;
    long size;
    long n;
    long i;
    int pass;
    int passes;
    q7_t *inputs;
    q7_t out[FASHION_LENET_OUTPUT_SIZE];
    long checksum = 0;
    double best = 1e300;
    if (argc != 3) {
        return 2;
    }
    passes = atoi(argv[2]);
    f = fopen(argv[1], "rb");
    if (f == NULL) {
        return 3;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    inputs = (q7_t *)malloc((size_t)size);
    if (inputs == NULL || fread(inputs, 1, (size_t)size, f) != (size_t)size) {
        return 4;
    }
    fclose(f);
    n = size / FASHION_LENET_INPUT_SIZE;
    for (pass = 0; pass < passes; pass++) {
        double t0 = now_ns();
        for (i = 0; i < n; i++) {
            int j;
            fashion_lenet_run(inputs + i * FASHION_LENET_INPUT_SIZE, out);
            for (j = 0; j < FASHION_LENET_OUTPUT_SIZE; j++) {
                checksum += out[j];
            }
        }
        {
            double dt = now_ns() - t0;
            if (dt < best) {
                best = dt;
            }
        }
    }
    printf("images %ld best_ns_per_image %.1f checksum %ld\n", n, best / (double)n, checksum);
    free(inputs);
    return 0;
}
