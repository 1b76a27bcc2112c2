/*
 * The CMSIS-NN calls of ARM's CIFAR-10 example (CMSIS_5 5.3.0-5.7.0, CMSIS/NN/Examples/ARM/arm_nn_examples/cifar10),
 * in its order, with its shapes, shifts and buffers, on pseudo-random weights and input: the baseline of the
 * instruction-count benchmark. j2cmsis_bench_mark() brackets every call, so the bench counts each one.
 */
#include <stdint.h>
#include <stdio.h>

#include "arm_nnfunctions.h"

void j2cmsis_bench_mark(void);

static q7_t conv1_wt[3 * 5 * 5 * 32], conv2_wt[32 * 5 * 5 * 16], conv3_wt[16 * 5 * 5 * 32], ip1_wt[512 * 10];
static q7_t conv1_bias[32], conv2_bias[16], conv3_bias[32], ip1_bias[10];
static q7_t image[32 * 32 * 3];
static q7_t output[10];
static q7_t col_buffer[2 * 5 * 5 * 32 * 2];
static q7_t scratch_buffer[32 * 32 * 10 * 4];

static uint32_t lcg = 12345u;

static void fill(q7_t *a, int n, int range)
{
    for (int i = 0; i < n; i++) {
        lcg = lcg * 1664525u + 1013904223u;
        a[i] = (q7_t)((int)((lcg >> 16) % (uint32_t)(2 * range + 1)) - range);
    }
}

int main(void)
{
    q7_t *img_buffer1 = scratch_buffer;
    q7_t *img_buffer2 = img_buffer1 + 32 * 32 * 32;
    fill(conv1_wt, sizeof conv1_wt, 40);
    fill(conv2_wt, sizeof conv2_wt, 20);
    fill(conv3_wt, sizeof conv3_wt, 20);
    fill(ip1_wt, sizeof ip1_wt, 30);
    fill(conv1_bias, 32, 60);
    fill(conv2_bias, 16, 60);
    fill(conv3_bias, 32, 60);
    fill(ip1_bias, 10, 60);
    fill(image, sizeof image, 64);

    j2cmsis_bench_mark();
    arm_convolve_HWC_q7_RGB(image, 32, 3, conv1_wt, 32, 5, 2, 1, conv1_bias, 6, 9, img_buffer1, 32,
                            (q15_t *)col_buffer, NULL);
    j2cmsis_bench_mark();
    arm_relu_q7(img_buffer1, 32 * 32 * 32);
    j2cmsis_bench_mark();
    arm_maxpool_q7_HWC(img_buffer1, 32, 32, 3, 0, 2, 16, NULL, img_buffer2);
    j2cmsis_bench_mark();
    arm_convolve_HWC_q7_fast(img_buffer2, 16, 32, conv2_wt, 16, 5, 2, 1, conv2_bias, 4, 9, img_buffer1, 16,
                             (q15_t *)col_buffer, NULL);
    j2cmsis_bench_mark();
    arm_relu_q7(img_buffer1, 16 * 16 * 16);
    j2cmsis_bench_mark();
    arm_maxpool_q7_HWC(img_buffer1, 16, 16, 3, 0, 2, 8, NULL, img_buffer2);
    j2cmsis_bench_mark();
    arm_convolve_HWC_q7_fast(img_buffer2, 8, 16, conv3_wt, 32, 5, 2, 1, conv3_bias, 1, 7, img_buffer1, 8,
                             (q15_t *)col_buffer, NULL);
    j2cmsis_bench_mark();
    arm_relu_q7(img_buffer1, 8 * 8 * 32);
    j2cmsis_bench_mark();
    arm_maxpool_q7_HWC(img_buffer1, 8, 32, 3, 0, 2, 4, NULL, img_buffer2);
    j2cmsis_bench_mark();
    arm_fully_connected_q7_opt(img_buffer2, ip1_wt, 512, 10, 1, 8, ip1_bias, output, (q15_t *)img_buffer1);
    j2cmsis_bench_mark();
    arm_softmax_q7(output, 10, output);
    j2cmsis_bench_mark();
    printf("calls conv1 relu1 pool1 conv2 relu2 pool2 conv3 relu3 pool3 ip1 softmax\n");
    printf("output %d %d\n", output[0], output[9]);
    return 0;
}
