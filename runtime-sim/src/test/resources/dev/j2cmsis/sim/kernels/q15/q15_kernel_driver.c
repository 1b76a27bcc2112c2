/*
 * j2cmsis q15 test driver: runs a binary stream of cases through the j2cmsis_* q15 twins (default) or through the
 * real CMSIS-NN 5.9.0 arm_* functions (-DJ2CMSIS_DRIVER_USE_CMSIS) and writes every output back.
 *
 * usage: q15_kernel_driver <cases.bin> <results.bin>  (files, never stdin/stdout: the same driver runs natively
 * and on a Cortex-M under QEMU, where semihosting opens them on the host). All integers are little-endian int32;
 * blocks are raw bytes (q15 data little-endian int16).
 * cases.bin:   count, then per case: func, p[16], lenA, A, lenB, B, lenC, C, outLen (lengths in bytes)
 * results.bin: per case: status, outLen, out[outLen], lenA, A-after-the-call[lenA]
 * The output buffer is pre-filled with 0x5A bytes so that unwritten elements are visible. status is the kernel's
 * return value (0 for void kernels) or -100 when the function id is not available in this build.
 *
 * Function ids and parameters (A = first input, B = weights/matrix, C = bias):
 *   0 conv_q15_basic, 1 conv_q15_fast (plain path), 2 conv_q15_fast_dsp:
 *     dim_in ch_in ch_out k pad stride bias_shift out_shift dim_out
 *   3 conv_q15_fast_nonsquare: in_x in_y ch_in ch_out kx ky pad_x pad_y stride_x stride_y bias_shift out_shift
 *     out_x out_y
 *   4 fc_q15, 5 fc_q15_opt, 6 fc_mat_q7_vec_q15, 7 fc_mat_q7_vec_q15_opt: dim_vec num_rows bias_shift out_shift
 *   8 relu_q15: size (in place)      9 activations_q15: size int_width type (in place)
 *   10 softmax_q15: dim_vec in_place (outLen 0 when in place)
 *   11 q7_to_q15_no_shift: n        12 q15_to_q7: n right_shift      13 q7_to_q15_shift: n left_shift
 *   14 maxpool_q15_HWC_nonsquare, 15 avepool_q15_HWC_nonsquare: in_x in_y ch kx ky pad_x pad_y stride_x stride_y
 *     out_x out_y
 * With the real CMSIS, id 1 exists only on cores without __ARM_FEATURE_DSP and id 2 only on cores with it (the
 * real arm_convolve_HWC_q15_fast is whichever path the build selects); ids 12 to 15 are j2cmsis's own.
 * Both portable twins (q7 and q15) are linked in every build, next to the real CMSIS-NN when it is used.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "j2cmsis_portable.h"
#include "j2cmsis_portable_q15.h"

#ifdef J2CMSIS_DRIVER_USE_CMSIS
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"
#define CONV_BASIC arm_convolve_HWC_q15_basic
#define CONV_FAST_ANY arm_convolve_HWC_q15_fast
#define CONV_NONSQUARE arm_convolve_HWC_q15_fast_nonsquare
#define FC arm_fully_connected_q15
#define FC_OPT arm_fully_connected_q15_opt
#define FC_MAT arm_fully_connected_mat_q7_vec_q15
#define FC_MAT_OPT arm_fully_connected_mat_q7_vec_q15_opt
#define RELU arm_relu_q15
#define ACT(d, s, w, t) arm_nn_activations_direct_q15((d), (s), (w), (arm_nn_activation_type)(t))
#define SOFTMAX arm_softmax_q15
#define Q7_TO_Q15 arm_q7_to_q15_no_shift
#if defined(__ARM_FEATURE_DSP)
#define HAS_PLAIN_FAST 0
#else
#define HAS_PLAIN_FAST 1
#endif
#define HAS_DSP_FAST (!HAS_PLAIN_FAST)
#define HAS_CUSTOM 0
#define CONV_FAST CONV_FAST_ANY
#define CONV_FAST_DSP CONV_FAST_ANY
#else
#define CONV_BASIC j2cmsis_convolve_HWC_q15_basic
#define CONV_FAST j2cmsis_convolve_HWC_q15_fast
#define CONV_FAST_DSP j2cmsis_convolve_HWC_q15_fast_dsp
#define CONV_NONSQUARE j2cmsis_convolve_HWC_q15_fast_nonsquare
#define FC j2cmsis_fully_connected_q15
#define FC_OPT j2cmsis_fully_connected_q15_opt
#define FC_MAT j2cmsis_fully_connected_mat_q7_vec_q15
#define FC_MAT_OPT j2cmsis_fully_connected_mat_q7_vec_q15_opt
#define RELU j2cmsis_relu_q15
#define ACT(d, s, w, t) j2cmsis_nn_activations_direct_q15((d), (s), (w), (t))
#define SOFTMAX j2cmsis_softmax_q15
#define Q7_TO_Q15 j2cmsis_q7_to_q15_no_shift
#define HAS_PLAIN_FAST 1
#define HAS_DSP_FAST 1
#define HAS_CUSTOM 1
#endif

#define NPARAM 16
#define SLACK 64

static FILE *in_file;
static FILE *out_file;

static int32_t read_i32(void)
{
    uint8_t b[4];
    if (fread(b, 1, 4, in_file) != 4)
    {
        fprintf(stderr, "q15_kernel_driver: truncated input\n");
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

/* zero-filled, malloc-aligned (so int16_t access is aligned), with slack after the data */
static int8_t *read_block(int32_t *len)
{
    int8_t *p;
    *len = read_i32();
    p = (int8_t *)calloc((size_t)*len + SLACK, 1);
    if (p == NULL || (*len > 0 && fread(p, 1, (size_t)*len, in_file) != (size_t)*len))
    {
        fprintf(stderr, "q15_kernel_driver: cannot read block\n");
        exit(2);
    }
    return p;
}

#define Q15(p) ((int16_t *)(void *)(p))
#define U16(i) ((uint16_t)p[i])

int main(int argc, char **argv)
{
    int32_t n, i;
    if (argc != 3)
    {
        fprintf(stderr, "usage: q15_kernel_driver <cases.bin> <results.bin>\n");
        return 2;
    }
    in_file = fopen(argv[1], "rb");
    out_file = fopen(argv[2], "wb");
    if (in_file == NULL || out_file == NULL)
    {
        fprintf(stderr, "q15_kernel_driver: cannot open files\n");
        return 2;
    }
    /* newlib's default 1 KiB FILE buffer costs a semihosting call per KiB under QEMU */
    if (setvbuf(in_file, NULL, _IOFBF, 1u << 16) != 0 || setvbuf(out_file, NULL, _IOFBF, 1u << 16) != 0)
    {
        fprintf(stderr, "q15_kernel_driver: setvbuf failed\n");
        return 2;
    }
    n = read_i32();
    for (i = 0; i < n; i++)
    {
        int32_t func = read_i32();
        int32_t p[NPARAM];
        int32_t lenA, lenB, lenC, outLen, status = 0;
        int8_t *A, *B, *C, *out, *scratch;
        int k;
        for (k = 0; k < NPARAM; k++)
        {
            p[k] = read_i32();
        }
        A = read_block(&lenA);
        B = read_block(&lenB);
        C = read_block(&lenC);
        outLen = read_i32();
        out = (int8_t *)malloc((size_t)outLen + SLACK);
        /* bufferA of the DSP convolutions: at most 2*ch_in*kx*ky q15, i.e. twice the bytes of one filter */
        scratch = (int8_t *)calloc(4u * ((size_t)lenA + (size_t)lenB + (size_t)lenC) + 256u, 1);
        if (out == NULL || scratch == NULL)
        {
            fprintf(stderr, "q15_kernel_driver: out of memory\n");
            return 2;
        }
        memset(out, 0x5A, (size_t)outLen + SLACK);
        switch (func)
        {
        case 0:
            status = CONV_BASIC(Q15(A), U16(0), U16(1), Q15(B), U16(2), U16(3), U16(4), U16(5), Q15(C), U16(6),
                                U16(7), Q15(out), U16(8), Q15(scratch), NULL);
            break;
        case 1:
            status = HAS_PLAIN_FAST ? CONV_FAST(Q15(A), U16(0), U16(1), Q15(B), U16(2), U16(3), U16(4), U16(5),
                                                Q15(C), U16(6), U16(7), Q15(out), U16(8), Q15(scratch), NULL)
                                    : -100;
            break;
        case 2:
            status = HAS_DSP_FAST ? CONV_FAST_DSP(Q15(A), U16(0), U16(1), Q15(B), U16(2), U16(3), U16(4), U16(5),
                                                  Q15(C), U16(6), U16(7), Q15(out), U16(8), Q15(scratch), NULL)
                                  : -100;
            break;
        case 3:
            status = CONV_NONSQUARE(Q15(A), U16(0), U16(1), U16(2), Q15(B), U16(3), U16(4), U16(5), U16(6), U16(7),
                                    U16(8), U16(9), Q15(C), U16(10), U16(11), Q15(out), U16(12), U16(13),
                                    Q15(scratch), NULL);
            break;
        case 4:
            status = FC(Q15(A), Q15(B), U16(0), U16(1), U16(2), U16(3), Q15(C), Q15(out), Q15(scratch));
            break;
        case 5:
            status = FC_OPT(Q15(A), Q15(B), U16(0), U16(1), U16(2), U16(3), Q15(C), Q15(out), Q15(scratch));
            break;
        case 6:
            status = FC_MAT(Q15(A), B, U16(0), U16(1), U16(2), U16(3), C, Q15(out), Q15(scratch));
            break;
        case 7:
            status = FC_MAT_OPT(Q15(A), B, U16(0), U16(1), U16(2), U16(3), C, Q15(out), Q15(scratch));
            break;
        case 8:
            RELU(Q15(A), U16(0));
            break;
        case 9:
            ACT(Q15(A), U16(0), U16(1), p[2]);
            break;
        case 10:
            SOFTMAX(Q15(A), U16(0), p[1] != 0 ? Q15(A) : Q15(out));
            break;
        case 11:
            Q7_TO_Q15(A, Q15(out), (uint32_t)p[0]);
            break;
        case 12:
        case 13:
            if (!HAS_CUSTOM)
            {
                status = -100;
            }
            else if (func == 12)
            {
                j2cmsis_q15_to_q7(Q15(A), out, (uint32_t)p[0], U16(1));
            }
            else
            {
                j2cmsis_q7_to_q15_shift(A, Q15(out), (uint32_t)p[0], U16(1));
            }
            break;
        case 14:
        case 15:
            if (!HAS_CUSTOM)
            {
                status = -100;
            }
            else if (func == 14)
            {
                j2cmsis_maxpool_q15_HWC_nonsquare(Q15(A), U16(0), U16(1), U16(2), U16(3), U16(4), U16(5), U16(6),
                                                  U16(7), U16(8), U16(9), U16(10), Q15(out));
            }
            else
            {
                j2cmsis_avepool_q15_HWC_nonsquare(Q15(A), U16(0), U16(1), U16(2), U16(3), U16(4), U16(5), U16(6),
                                                  U16(7), U16(8), U16(9), U16(10), Q15(out));
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
