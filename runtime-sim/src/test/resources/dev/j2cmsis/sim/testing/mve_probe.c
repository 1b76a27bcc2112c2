/*
 * CMSIS-NN picks its Helium kernels only when the compiler defines __ARM_FEATURE_MVE (its
 * ARM_MATH_MVEI); without it the same API silently runs another path. Fail the build instead, and
 * run MVE instructions so QEMU's Cortex-M55 model is shown to execute them.
 * mve_probe: prints the results of a few vector intrinsics (checked by the test).
 * mve_probe nocp: revokes CP10/CP11 access first; an MVE instruction must then raise a UsageFault
 * (NOCP), which shows the instructions really go through the vector unit.
 */
#ifndef __ARM_FEATURE_MVE
#error "__ARM_FEATURE_MVE is not defined: CMSIS-NN would not use its Helium kernels"
#endif

#include <arm_mve.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    volatile int8_t a[16], b[16];
    for (int i = 0; i < 16; i++) {
        a[i] = (int8_t)(i * 9 - 70);   /* -70 .. 65 */
        b[i] = (int8_t)(127 - i * 17); /* 127 .. -128 */
    }
    if (argc == 2 && strcmp(argv[1], "nocp") == 0) {
        *(volatile uint32_t *)0xE000ED88u &= ~(0xFu << 20);
        __asm__ volatile("dsb\n isb" ::: "memory");
    }
    int8x16_t va = vldrbq_s8((const int8_t *)a);
    int8x16_t vb = vldrbq_s8((const int8_t *)b);
    int32_t dot = vmladavq_s8(va, vb);                          /* sum of 16 products */
    int8x16_t sat = vqaddq_s8(va, vb);                          /* saturating lanes */
    int32x4_t q = vqrdmulhq_n_s32(vdupq_n_s32(1 << 30), 1 << 30); /* (2^60 * 2 + 2^31) >> 32 = 2^29 */
    int8_t lanes[16];
    vstrbq_s8(lanes, sat);
    printf("dot=%ld sat0=%d sat15=%d qrdmulh=%ld\n", (long)dot, lanes[0], lanes[15], (long)vgetq_lane_s32(q, 0));
    return 0;
}
