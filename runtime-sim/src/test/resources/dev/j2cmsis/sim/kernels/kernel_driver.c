/*
 * j2cmsis test driver: runs a binary stream of kernel cases through j2cmsis_* (default) or through the real
 * CMSIS-NN 5.9.0 arm_* functions (-DJ2CMSIS_DRIVER_USE_CMSIS) and writes every output back.
 *
 * usage: kernel_driver <cases.bin> <results.bin>
 * Both files are named on the command line (never stdin/stdout), so the same driver runs natively and on a
 * Cortex-M under QEMU, where semihosting opens them on the host.
 * All integers are little-endian int32.
 * cases.bin:   count, then per case: func, p[NPARAMS = 16], lenA, A[lenA], lenB, B[lenB], lenC, C[lenC], outLen
 * results.bin: per case: status, outLen, out[outLen], lenA, A-after-the-call[lenA]
 * The output buffer is pre-filled with 0x5A so that unwritten bytes are visible. status is the kernel's return
 * value (0 for void kernels) or -100 when the function id is not available in this build.
 *
 * Function ids and parameters:
 *   0 conv_basic, 1 conv_fast, 2 conv_RGB: dim_in ch_in ch_out k pad stride bias_shift out_shift dim_out;
 *     A = input, B = weights, C = bias
 *   3 fc_q7, 4 fc_q7_opt: dim_vec num_rows bias_shift out_shift; A = vec, B = matrix, C = bias
 *   5 maxpool, 6 maxpool_dsp, 7 avepool, 8 avepool_dsp: dim_in ch k pad stride dim_out; A = input
 *   9 relu: size; A = data (in place, result in A-after)
 *   10 activations: size int_width type; A = data (in place)
 *   11 softmax: dim_vec in_place; A = input (in place when in_place != 0, outLen is then 0)
 *   32 conv_basic_nonsquare, 33 conv_fast_nonsquare, 34 conv_1x1_fast_nonsquare, 36 depthwise_nonsquare:
 *     in_x in_y ch_in ch_out k_x k_y pad_x pad_y stride_x stride_y bias_shift out_shift out_x out_y;
 *     A = input, B = weights, C = bias
 *   35 depthwise (square): the parameters of 0..2
 * Kernels CMSIS lacks (j2cmsis_* in both builds is not a comparison: -100 with -DJ2CMSIS_DRIVER_USE_CMSIS):
 *   48 maxpool_nonsquare, 49 avepool_nonsquare: in_x in_y ch k_x k_y pad_x pad_y stride_x stride_y out_x out_y;
 *     A = input
 *   50 add: size a_lshift b_lshift out_rshift alias; A = a, B = b; alias 0: into out, 1: out = a (result in
 *     A-after, outLen 0), 2: out = b (B is copied to out after the call)
 *   51 concat_ch: ch_a ch_b dim_x dim_y; A = a, B = b
 *   52 rescale: size shift in_place; A = input (in place when in_place != 0, outLen is then 0)
 * With the real CMSIS, ids 5/7 (plain path) exist only on cores without __ARM_FEATURE_DSP, ids 6/8 only on cores
 * with it: the real arm_maxpool/avepool_q7_HWC is whichever path the build selects.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "j2cmsis_portable.h"

#ifdef J2CMSIS_DRIVER_USE_CMSIS
#include "arm_nnfunctions.h"
#define CONV_BASIC arm_convolve_HWC_q7_basic
#define CONV_FAST arm_convolve_HWC_q7_fast
#define CONV_RGB arm_convolve_HWC_q7_RGB
#define FC arm_fully_connected_q7
#define FC_OPT arm_fully_connected_q7_opt
#define RELU arm_relu_q7
#define SOFTMAX arm_softmax_q7
#define ACT(d, s, w, t) arm_nn_activations_direct_q7((d), (s), (w), (arm_nn_activation_type)(t))
#if defined(__ARM_FEATURE_DSP)
#define HAS_PLAIN_POOL 0
#else
#define HAS_PLAIN_POOL 1
#endif
#define MAXPOOL arm_maxpool_q7_HWC
#define AVEPOOL arm_avepool_q7_HWC
#define MAXPOOL_DSP arm_maxpool_q7_HWC
#define AVEPOOL_DSP arm_avepool_q7_HWC
#define CONV_BASIC_NS arm_convolve_HWC_q7_basic_nonsquare
#define CONV_FAST_NS arm_convolve_HWC_q7_fast_nonsquare
#define CONV_1X1_NS arm_convolve_1x1_HWC_q7_fast_nonsquare
#define DW arm_depthwise_separable_conv_HWC_q7
#define DW_NS arm_depthwise_separable_conv_HWC_q7_nonsquare
#define HAS_CUSTOM 0
#define WIDE(...) (-100)
#else
#define CONV_BASIC j2cmsis_convolve_HWC_q7_basic
#define CONV_FAST j2cmsis_convolve_HWC_q7_fast
#define CONV_RGB j2cmsis_convolve_HWC_q7_RGB
#define FC j2cmsis_fully_connected_q7
#define FC_OPT j2cmsis_fully_connected_q7_opt
#define RELU j2cmsis_relu_q7
#define SOFTMAX j2cmsis_softmax_q7
#define ACT(d, s, w, t) j2cmsis_nn_activations_direct_q7((d), (s), (w), (t))
#define HAS_PLAIN_POOL 1
#define MAXPOOL j2cmsis_maxpool_q7_HWC
#define AVEPOOL j2cmsis_avepool_q7_HWC
#define MAXPOOL_DSP j2cmsis_maxpool_q7_HWC_dsp
#define AVEPOOL_DSP j2cmsis_avepool_q7_HWC_dsp
#define CONV_BASIC_NS j2cmsis_convolve_HWC_q7_basic_nonsquare
#define CONV_FAST_NS j2cmsis_convolve_HWC_q7_fast_nonsquare
#define CONV_1X1_NS j2cmsis_convolve_1x1_HWC_q7_fast_nonsquare
#define DW j2cmsis_depthwise_separable_conv_HWC_q7
#define DW_NS j2cmsis_depthwise_separable_conv_HWC_q7_nonsquare
#define HAS_CUSTOM 1
#define WIDE j2cmsis_convolve_HWC_q7_wide
#endif

#define NPARAMS 16
#define U(i) ((uint16_t)p[i])
/* the nonsquare conv argument list (the CMSIS prototypes return arm_status, so no common function pointer type) */
#define CALL_NS(fn)                                                                                                    \
    (int32_t) fn(A, U(0), U(1), U(2), B, U(3), U(4), U(5), U(6), U(7), U(8), U(9), C, U(10), U(11), out, U(12), U(13), \
                 (int16_t *)(void *)scratch, NULL)

#define SLACK 64

static FILE *in_file;
static FILE *out_file;

static int32_t read_i32(void)
{
    uint8_t b[4];
    if (fread(b, 1, 4, in_file) != 4)
    {
        fprintf(stderr, "kernel_driver: truncated input\n");
        exit(2);
    }
    return (int32_t)((uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24));
}

static void write_i32(int32_t v)
{
    uint32_t u = (uint32_t)v;
    uint8_t b[4];
    b[0] = (uint8_t)u;
    b[1] = (uint8_t)(u >> 8);
    b[2] = (uint8_t)(u >> 16);
    b[3] = (uint8_t)(u >> 24);
    fwrite(b, 1, 4, out_file);
}

/* zero-filled, with slack after the data (the DSP RGB kernel reads one byte past the input) */
static int8_t *read_block(int32_t *len)
{
    int8_t *p;
    *len = read_i32();
    p = (int8_t *)calloc((size_t)*len + SLACK, 1);
    if (p == NULL || (*len > 0 && fread(p, 1, (size_t)*len, in_file) != (size_t)*len))
    {
        fprintf(stderr, "kernel_driver: cannot read block\n");
        exit(2);
    }
    return p;
}

int main(int argc, char **argv)
{
    int32_t n, i;
    if (argc != 3)
    {
        fprintf(stderr, "usage: kernel_driver <cases.bin> <results.bin>\n");
        return 2;
    }
    in_file = fopen(argv[1], "rb");
    out_file = fopen(argv[2], "wb");
    if (in_file == NULL || out_file == NULL)
    {
        fprintf(stderr, "kernel_driver: cannot open files\n");
        return 2;
    }
    /* newlib's default 1 KiB FILE buffer costs a semihosting call per KiB under QEMU */
    if (setvbuf(in_file, NULL, _IOFBF, 1u << 16) != 0 || setvbuf(out_file, NULL, _IOFBF, 1u << 16) != 0)
    {
        fprintf(stderr, "kernel_driver: setvbuf failed\n");
        return 2;
    }
    n = read_i32();
    for (i = 0; i < n; i++)
    {
        int32_t func = read_i32();
        int32_t p[NPARAMS];
        int32_t lenA, lenB, lenC, outLen, status = 0;
        int8_t *A, *B, *C, *out, *scratch;
        size_t scratchLen;
        int k;
        for (k = 0; k < NPARAMS; k++)
        {
            p[k] = read_i32();
        }
        A = read_block(&lenA);
        B = read_block(&lenB);
        C = read_block(&lenC);
        outLen = read_i32();
        out = (int8_t *)malloc((size_t)outLen + SLACK);
        /* bufferA of every kernel: conv 2*ch_in*k*k q15, fc dim_vec q15, avepool 2*dim_out*ch bytes */
        scratchLen = 4u * ((size_t)lenA + (size_t)lenB + 16u) + 4u * (size_t)(p[0] > 0 ? p[0] : 0) *
                     (size_t)(p[1] > 0 ? p[1] : 0) * (size_t)(p[5] > 0 ? p[5] : 1) + SLACK;
        scratch = (int8_t *)calloc(scratchLen, 1);
        if (out == NULL || scratch == NULL)
        {
            fprintf(stderr, "kernel_driver: out of memory\n");
            return 2;
        }
        memset(out, 0x5A, (size_t)outLen + SLACK);
        switch (func)
        {
        case 0:
            status = CONV_BASIC(A, (uint16_t)p[0], (uint16_t)p[1], B, (uint16_t)p[2], (uint16_t)p[3], (uint16_t)p[4],
                                (uint16_t)p[5], C, (uint16_t)p[6], (uint16_t)p[7], out, (uint16_t)p[8],
                                (int16_t *)(void *)scratch, NULL);
            break;
        case 1:
            status = CONV_FAST(A, (uint16_t)p[0], (uint16_t)p[1], B, (uint16_t)p[2], (uint16_t)p[3], (uint16_t)p[4],
                               (uint16_t)p[5], C, (uint16_t)p[6], (uint16_t)p[7], out, (uint16_t)p[8],
                               (int16_t *)(void *)scratch, NULL);
            break;
        case 2:
            status = CONV_RGB(A, (uint16_t)p[0], (uint16_t)p[1], B, (uint16_t)p[2], (uint16_t)p[3], (uint16_t)p[4],
                              (uint16_t)p[5], C, (uint16_t)p[6], (uint16_t)p[7], out, (uint16_t)p[8],
                              (int16_t *)(void *)scratch, NULL);
            break;
        case 3:
            status = FC(A, B, (uint16_t)p[0], (uint16_t)p[1], (uint16_t)p[2], (uint16_t)p[3], C, out,
                        (int16_t *)(void *)scratch);
            break;
        case 4:
            status = FC_OPT(A, B, (uint16_t)p[0], (uint16_t)p[1], (uint16_t)p[2], (uint16_t)p[3], C, out,
                            (int16_t *)(void *)scratch);
            break;
        case 5:
        case 7:
            if (!HAS_PLAIN_POOL)
            {
                status = -100;
            }
            else if (func == 5)
            {
                MAXPOOL(A, (uint16_t)p[0], (uint16_t)p[1], (uint16_t)p[2], (uint16_t)p[3], (uint16_t)p[4],
                        (uint16_t)p[5], scratch, out);
            }
            else
            {
                AVEPOOL(A, (uint16_t)p[0], (uint16_t)p[1], (uint16_t)p[2], (uint16_t)p[3], (uint16_t)p[4],
                        (uint16_t)p[5], scratch, out);
            }
            break;
        case 6:
        case 8:
#ifdef J2CMSIS_DRIVER_USE_CMSIS
            if (HAS_PLAIN_POOL)
            {
                status = -100;
                break;
            }
#endif
            if (func == 6)
            {
                MAXPOOL_DSP(A, (uint16_t)p[0], (uint16_t)p[1], (uint16_t)p[2], (uint16_t)p[3], (uint16_t)p[4],
                            (uint16_t)p[5], scratch, out);
            }
            else
            {
                AVEPOOL_DSP(A, (uint16_t)p[0], (uint16_t)p[1], (uint16_t)p[2], (uint16_t)p[3], (uint16_t)p[4],
                            (uint16_t)p[5], scratch, out);
            }
            break;
        case 9:
            RELU(A, (uint16_t)p[0]);
            break;
        case 10:
            ACT(A, (uint16_t)p[0], (uint16_t)p[1], p[2]);
            break;
        case 11:
            SOFTMAX(A, (uint16_t)p[0], p[1] != 0 ? A : out);
            break;
        case 32:
        case 33:
        case 34:
        case 36:
            if (func == 32)
            {
                status = CALL_NS(CONV_BASIC_NS);
            }
            else if (func == 33)
            {
                status = CALL_NS(CONV_FAST_NS);
            }
            else if (func == 34)
            {
                status = CALL_NS(CONV_1X1_NS);
            }
            else
            {
                status = CALL_NS(DW_NS);
            }
            break;
        case 35:
            status = DW(A, U(0), U(1), B, U(2), U(3), U(4), U(5), C, U(6), U(7), out, U(8), (int16_t *)(void *)scratch,
                        NULL);
            break;
        case 48:
        case 49:
        case 50:
        case 51:
        case 52:
        case 53:
        case 54:
            if (!HAS_CUSTOM)
            {
                status = -100;
            }
            else if (func == 48)
            {
                j2cmsis_maxpool_q7_HWC_nonsquare(A, U(0), U(1), U(2), U(3), U(4), U(5), U(6), U(7), U(8), U(9), U(10),
                                                 out);
            }
            else if (func == 49)
            {
                j2cmsis_avepool_q7_HWC_nonsquare(A, U(0), U(1), U(2), U(3), U(4), U(5), U(6), U(7), U(8), U(9), U(10),
                                                 out);
            }
            else if (func == 53)
            {
                j2cmsis_avepool_q7_HWC_nonsquare_shift(A, U(0), U(1), U(2), U(3), U(4), U(5), U(6), U(7), U(8), U(9),
                                                       U(10), U(11), out);
            }
            else if (func == 50)
            {
                int8_t *dst = p[4] == 1 ? A : p[4] == 2 ? B : out;
                j2cmsis_add_q7(A, U(1), B, U(2), U(3), dst, (uint32_t)p[0]);
                if (p[4] == 2)
                {
                    memcpy(out, B, (size_t)p[0]);
                }
            }
            else if (func == 54)
            {
                status = WIDE(A, U(0), U(1), U(2), (const int16_t *)(const void *)(B + p[14]), U(3), U(4), U(5), U(6),
                              U(7), U(8), U(9), C, U(10), U(11), out, U(12), U(13), (int16_t *)(void *)scratch);
            }
            else if (func == 51)
            {
                j2cmsis_concat_q7_HWC_ch(A, U(0), B, U(1), U(2), U(3), out);
            }
            else
            {
                j2cmsis_q7_rescale(A, (int16_t)p[1], p[2] != 0 ? A : out, (uint32_t)p[0]);
            }
            break;
        default:
            status = -100;
            break;
        }
        write_i32(status);
        write_i32(outLen);
        fwrite(out, 1, (size_t)outLen, out_file);
        write_i32(lenA);
        fwrite(A, 1, (size_t)lenA, out_file);
        free(A);
        free(B);
        free(C);
        free(out);
        free(scratch);
    }
    fclose(out_file);
    fclose(in_file);
    return 0;
}
