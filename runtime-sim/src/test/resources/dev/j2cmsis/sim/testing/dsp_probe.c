/*
 * CMSIS-NN picks its SIMD kernels (SMLAD, QADD8, SSAT) only when the compiler defines
 * __ARM_FEATURE_DSP; without it the same API silently runs the plain C path. Fail the build instead,
 * and run the instructions once so QEMU's Cortex-M4 model is shown to execute them.
 */
#ifndef __ARM_FEATURE_DSP
#error "__ARM_FEATURE_DSP is not defined: CMSIS-NN would not use its DSP kernels"
#endif

#include <arm_acle.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    volatile int32_t pair_a = 0x00020003;  /* halfwords (2, 3) */
    volatile int32_t pair_b = 0x0004FFFB;  /* halfwords (4, -5) */
    volatile int32_t wide = 300;
    int32_t dot = __smlad(pair_a, pair_b, 10);            /* 2*4 + 3*(-5) + 10 = 3 */
    int32_t saturated = __ssat(wide, 8);                  /* 127 */
    uint32_t bytes = (uint32_t)__qadd8(0x7F80017F, 0x01FF0101); /* 7f 80 02 7f */
    printf("smlad=%ld ssat=%ld qadd8=%08lx\n", (long)dot, (long)saturated, (unsigned long)bytes);
    return dot == 3 && saturated == 127 && bytes == 0x7F80027Fu ? 0 : 1;
}
