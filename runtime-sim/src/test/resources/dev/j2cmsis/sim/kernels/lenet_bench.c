/*
 * j2cmsis LeNet benchmark on the portable C kernels; LenetBenchTest runs the same network in Java.
 * usage: lenet_bench <images>; prints "<checksum> <nanoseconds>".
 * Weights and images come from the LCG x = x * 1103515245 + 12345 (byte = bits 16..23), seeds 1 and 2.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "j2cmsis_portable.h"

static uint32_t lcg_state;

static void fill(int8_t *p, int n)
{
    int i;
    for (i = 0; i < n; i++)
    {
        lcg_state = lcg_state * 1103515245u + 12345u;
        p[i] = (int8_t)(uint8_t)(lcg_state >> 16);
    }
}

static int8_t w1[8 * 25], b1[8], w2[16 * 8 * 25], b2[16], w3[120 * 400], b3[120], w4[84 * 120], b4[84],
    w5[10 * 84], b5[10];
static int8_t img[28 * 28], a1[28 * 28 * 8], p1[14 * 14 * 8], a2[10 * 10 * 16], p2[5 * 5 * 16], f1[120], f2[84],
    f3[10];

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000, i;
    uint32_t h = 0;
    struct timespec t0, t1;
    int k;
    lcg_state = 1;
    fill(w1, sizeof w1);
    fill(b1, sizeof b1);
    fill(w2, sizeof w2);
    fill(b2, sizeof b2);
    fill(w3, sizeof w3);
    fill(b3, sizeof b3);
    fill(w4, sizeof w4);
    fill(b4, sizeof b4);
    fill(w5, sizeof w5);
    fill(b5, sizeof b5);
    lcg_state = 2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < n; i++)
    {
        fill(img, sizeof img);
        j2cmsis_convolve_HWC_q7_basic(img, 28, 1, w1, 8, 5, 2, 1, b1, 0, 7, a1, 28, NULL, NULL);
        j2cmsis_relu_q7(a1, sizeof a1);
        j2cmsis_maxpool_q7_HWC(a1, 28, 8, 2, 0, 2, 14, NULL, p1);
        j2cmsis_convolve_HWC_q7_fast(p1, 14, 8, w2, 16, 5, 0, 1, b2, 0, 9, a2, 10, NULL, NULL);
        j2cmsis_relu_q7(a2, sizeof a2);
        j2cmsis_maxpool_q7_HWC(a2, 10, 16, 2, 0, 2, 5, NULL, p2);
        j2cmsis_fully_connected_q7_opt(p2, w3, 400, 120, 0, 9, b3, f1, NULL);
        j2cmsis_relu_q7(f1, sizeof f1);
        j2cmsis_fully_connected_q7(f1, w4, 120, 84, 0, 8, b4, f2, NULL);
        j2cmsis_relu_q7(f2, sizeof f2);
        j2cmsis_fully_connected_q7(f2, w5, 84, 10, 0, 8, b5, f3, NULL);
        j2cmsis_softmax_q7(f3, 10, f3);
        for (k = 0; k < 10; k++)
        {
            h = h * 31u + (uint32_t)(uint8_t)f3[k];
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%lu %lld\n", (unsigned long)h,
           (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (long long)(t1.tv_nsec - t0.tv_nsec));
    return 0;
}
