/*
 * j2cmsis s8 kernel benchmark, C side: the j2cmsis_portable_s8 kernels on fixed shapes, inputs from the same LCG
 * as S8KernelBench.java. usage: s8_kernel_bench <iterations>. Prints one line per kernel:
 *   <name> <best microseconds per call over 5 runs> <FNV-1a of the output>
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "j2cmsis_portable_s8.h"

static uint32_t lcg_state;

static void fill(int8_t *p, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; i++)
    {
        lcg_state = lcg_state * 1103515245u + 12345u;
        p[i] = (int8_t)(lcg_state >> 16);
    }
}

static void fill_bias(int32_t *p, int32_t n)
{
    int32_t i;
    for (i = 0; i < n; i++)
    {
        lcg_state = lcg_state * 1103515245u + 12345u;
        p[i] = (int32_t)(lcg_state >> 16) % 4096;
    }
}

static uint32_t fnv(const int8_t *p, int32_t n)
{
    uint32_t h = 2166136261u;
    int32_t i;
    for (i = 0; i < n; i++)
    {
        h ^= (uint8_t)p[i];
        h *= 16777619u;
    }
    return h;
}

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

#define MAXC 64
static int32_t mult[MAXC];
static int32_t shift[MAXC];
static int32_t bias[MAXC];

/* Kernel k of the benchmark: 0 conv 3x3, 1 conv 1x1, 2 depthwise 3x3, 3 fully connected. */
static void run(int k, const int8_t *in, const int8_t *w, int8_t *out, int16_t *scratch)
{
    j2cmsis_nn_context ctx = {scratch, 4096};
    j2cmsis_nn_per_channel_quant_params q = {mult, shift};
    j2cmsis_nn_conv_params cp = {3, -5, {1, 1}, {1, 1}, {1, 1}, {-128, 127}};
    j2cmsis_nn_dw_conv_params dp = {3, -5, 1, {1, 1}, {1, 1}, {1, 1}, {-128, 127}};
    j2cmsis_nn_fc_params fp = {3, 0, -5, {-128, 127}};
    j2cmsis_nn_per_tensor_quant_params tq = {1 << 30, -9};
    if (k == 0)
    {
        j2cmsis_nn_dims id = {1, 16, 16, 16}, fd = {32, 3, 3, 16}, od = {1, 16, 16, 32};
        j2cmsis_convolve_wrapper_s8(&ctx, &cp, &q, &id, in, &fd, w, &od, bias, &od, out);
    }
    else if (k == 1)
    {
        j2cmsis_nn_conv_params c1 = cp;
        j2cmsis_nn_dims id = {1, 16, 16, 32}, fd = {32, 1, 1, 32}, od = {1, 16, 16, 32};
        c1.padding.w = 0;
        c1.padding.h = 0;
        j2cmsis_convolve_wrapper_s8(&ctx, &c1, &q, &id, in, &fd, w, &od, bias, &od, out);
    }
    else if (k == 2)
    {
        j2cmsis_nn_dims id = {1, 32, 32, 32}, fd = {1, 3, 3, 32}, od = {1, 32, 32, 32};
        j2cmsis_depthwise_conv_wrapper_s8(&ctx, &dp, &q, &id, in, &fd, w, &od, bias, &od, out);
    }
    else
    {
        j2cmsis_nn_dims id = {1, 1, 1, 1024}, fd = {1024, 1, 1, 64}, od = {1, 1, 1, 64};
        j2cmsis_fully_connected_s8(&ctx, &fp, &tq, &id, in, &fd, w, &od, bias, &od, out);
    }
}

int main(int argc, char **argv)
{
    static const char *names[4] = {"conv3x3", "conv1x1", "depthwise3x3", "fc"};
    static const int32_t in_len[4] = {16 * 16 * 16, 16 * 16 * 32, 32 * 32 * 32, 1024};
    static const int32_t w_len[4] = {32 * 9 * 16, 32 * 32, 9 * 32, 1024 * 64};
    static const int32_t out_len[4] = {16 * 16 * 32, 16 * 16 * 32, 32 * 32 * 32, 64};
    static int8_t in[32 * 32 * 32];
    static int8_t w[1024 * 64];
    static int8_t out[32 * 32 * 32];
    static int16_t scratch[2048];
    const int iterations = argc > 1 ? atoi(argv[1]) : 20;
    int k, r, i;
    for (i = 0; i < MAXC; i++)
    {
        mult[i] = (1 << 30) + i * 1000003;
        shift[i] = -8 - (i % 3);
    }
    for (k = 0; k < 4; k++)
    {
        double best = 1e300;
        lcg_state = 12345u + (uint32_t)k;
        fill(in, in_len[k]);
        fill(w, w_len[k]);
        fill_bias(bias, MAXC);
        run(k, in, w, out, scratch);
        for (r = 0; r < 5; r++)
        {
            const double t0 = now_us();
            for (i = 0; i < iterations; i++)
            {
                run(k, in, w, out, scratch);
            }
            {
                const double us = (now_us() - t0) / iterations;
                best = us < best ? us : best;
            }
        }
        printf("%s %.3f %u\n", names[k], best, (unsigned)fnv(out, out_len[k]));
    }
    return 0;
}
