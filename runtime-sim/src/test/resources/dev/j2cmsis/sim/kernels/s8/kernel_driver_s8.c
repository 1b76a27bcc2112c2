/*
 * j2cmsis s8 test driver: runs a binary stream of kernel cases through the j2cmsis_* portable twins (default) or
 * through the real CMSIS-NN v7.0.0 arm_* functions (-DJ2CMSIS_DRIVER_USE_CMSIS) and writes every output back.
 * The requantization rounding is the build's: define CMSIS_NN_USE_SINGLE_ROUNDING for single rounding.
 *
 * usage: kernel_driver_s8 <cases.bin> <results.bin>
 * Both files are named on the command line (never stdin/stdout), so the same driver runs natively and on a
 * Cortex-M under QEMU semihosting. All integers are little-endian int32.
 * cases.bin:   count, then per case: func, p[NP = 32], lenA, A[lenA] (int8), lenB, B[lenB] (int8),
 *              lenBias, bias[lenBias] (int32; lenBias = -1 passes NULL), lenMult, mult[lenMult] (int32),
 *              lenShift, shift[lenShift] (int32), outLen
 * results.bin: per case: status, outLen, out[outLen] (bytes)
 * The output buffer is pre-filled with 0x5A so that unwritten bytes are visible. status is the kernel's return
 * value (0 for void kernels) or -100 when the function id is not available in this build. Buffers are allocated
 * with their exact sizes, so a sanitizer build catches every out-of-bounds access.
 *
 * Conv-like parameters (ids 1-5, 10-13, 30, 31, 71, 72):
 *   p0..p3 input n h w c, p4..p7 filter n h w c, p8..p11 output n h w c, p12 input_offset, p13 output_offset,
 *   p14 stride.w, p15 stride.h, p16 padding.w, p17 padding.h, p18 dilation.w, p19 dilation.h, p20 act.min,
 *   p21 act.max, p22 ch_mult, p23 ctx: 0 = a zero-filled buffer of the size the build's get_buffer_size functions
 *   ask for (the largest of those that apply), 1 = ctx.buf NULL. A = input, B = filter.
 *   1 convolve_wrapper_s8, 2 convolve_s8 (upscale NULL), 3 convolve_1x1_s8_fast, 4 convolve_1x1_s8,
 *   5 convolve_1_x_n_s8, 10 depthwise_conv_wrapper_s8, 11 depthwise_conv_s8, 12 depthwise_conv_s8_opt,
 *   13 depthwise_conv_3x3_s8, 30 avgpool_s8, 31 max_pool_s8 (filter h w = window);
 *   71 the build's buffer sizes, out = 5 int32: convolve_wrapper_s8, convolve_s8, depthwise_conv_wrapper_s8,
 *      fully_connected_s8 (filter), avgpool_s8 (output w, input c);
 *   72 (real CMSIS only) the target-independent variants, out = 8 int32: convolve_wrapper _dsp, _mve,
 *      depthwise_conv_wrapper _dsp, _mve, fully_connected _dsp, _mve, avgpool _dsp, _mve.
 * 20 fully_connected_s8 (mult/shift: one each), 21 fully_connected_per_channel_s8: p0..p11 dims as above
 *   (filter n = accumulation depth, c = outputs), p12 input_offset, p13 output_offset, p14 filter_offset,
 *   p20/p21 act, p23 ctx as above. With the real CMSIS the ctx buffer holds the kernel sums of arm_vector_sum_s8
 *   (what the MVE kernels read; the other paths ignore them).
 * 40 softmax_s8: p0 num_rows, p1 row_size, p2 mult, p3 shift, p4 diff_min; A = input.
 * 50 elementwise_add_s8: p0 size, p1 in1_offset, p2 in1_mult, p3 in1_shift, p4 in2_offset, p5 in2_mult,
 *   p6 in2_shift, p7 left_shift, p8 out_offset, p9 out_mult, p10 out_shift, p11 act_min, p12 act_max; A, B.
 * 51 elementwise_mul_s8: p0 size, p1 in1_offset, p2 in2_offset, p3 out_offset, p4 out_mult, p5 out_shift,
 *   p6 act_min, p7 act_max; A, B.
 * 60 relu6_s8: p0 size; A = data, in place; out = A after the call (outLen = lenA).
 * 61 concatenation_s8_x: p0 input_x, p1 input_y, p2 input_z, p3 input_w, p4 output_x, p5 offset_x; A = input,
 *   B = the output's contents before the call; out = the output after (outLen = lenB).
 * 62 lut_s8 (j2cmsis only): p0 size; A = input, B = the 256-entry table.
 * 70 nn_requantize: bias block = values, mult/shift blocks of the same length; out = int32 results.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "j2cmsis_portable_s8.h"

#ifdef J2CMSIS_DRIVER_USE_CMSIS
#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"
typedef cmsis_nn_context CTX;
typedef cmsis_nn_dims DIMS;
typedef cmsis_nn_conv_params CONV_P;
typedef cmsis_nn_dw_conv_params DW_P;
typedef cmsis_nn_fc_params FC_P;
typedef cmsis_nn_pool_params POOL_P;
typedef cmsis_nn_per_channel_quant_params PC_Q;
typedef cmsis_nn_per_tensor_quant_params PT_Q;
#define FN(name) arm_##name
#define REQUANTIZE arm_nn_requantize
#define HAS_LUT 0
#else
typedef j2cmsis_nn_context CTX;
typedef j2cmsis_nn_dims DIMS;
typedef j2cmsis_nn_conv_params CONV_P;
typedef j2cmsis_nn_dw_conv_params DW_P;
typedef j2cmsis_nn_fc_params FC_P;
typedef j2cmsis_nn_pool_params POOL_P;
typedef j2cmsis_nn_per_channel_quant_params PC_Q;
typedef j2cmsis_nn_per_tensor_quant_params PT_Q;
#define FN(name) j2cmsis_##name
#define REQUANTIZE j2cmsis_nn_requantize
#define HAS_LUT 1
#endif

#define NP 32
#define NOT_AVAILABLE (-100)

static int32_t read_i32(FILE *f)
{
    unsigned char b[4];
    if (fread(b, 1, 4, f) != 4)
    {
        fprintf(stderr, "truncated cases file\n");
        exit(2);
    }
    return (int32_t)((uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24));
}

static void write_i32(FILE *f, int32_t v)
{
    const uint32_t u = (uint32_t)v;
    unsigned char b[4];
    b[0] = (unsigned char)u;
    b[1] = (unsigned char)(u >> 8);
    b[2] = (unsigned char)(u >> 16);
    b[3] = (unsigned char)(u >> 24);
    fwrite(b, 1, 4, f);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
    {
        fprintf(stderr, "out of memory (%lu bytes)\n", (unsigned long)n);
        exit(2);
    }
    return p;
}

static int8_t *read_bytes(FILE *f, int32_t *len)
{
    int8_t *p;
    *len = read_i32(f);
    p = (int8_t *)xmalloc((size_t)*len);
    if (*len > 0 && fread(p, 1, (size_t)*len, f) != (size_t)*len)
    {
        fprintf(stderr, "truncated cases file\n");
        exit(2);
    }
    return p;
}

/* NULL for length -1. */
static int32_t *read_ints(FILE *f, int32_t *len)
{
    int32_t i;
    int32_t *p;
    *len = read_i32(f);
    if (*len < 0)
    {
        return NULL;
    }
    p = (int32_t *)xmalloc((size_t)*len * sizeof(int32_t));
    for (i = 0; i < *len; i++)
    {
        p[i] = read_i32(f);
    }
    return p;
}

static int32_t max3(int32_t a, int32_t b, int32_t c)
{
    int32_t m = a > b ? a : b;
    return m > c ? m : c;
}

static void dims_at(DIMS *d, const int32_t *p)
{
    d->n = p[0];
    d->h = p[1];
    d->w = p[2];
    d->c = p[3];
}

static void put_i32(int8_t *out, int32_t idx, int32_t v)
{
    const uint32_t u = (uint32_t)v;
    out[4 * idx] = (int8_t)(u & 0xFF);
    out[4 * idx + 1] = (int8_t)((u >> 8) & 0xFF);
    out[4 * idx + 2] = (int8_t)((u >> 16) & 0xFF);
    out[4 * idx + 3] = (int8_t)((u >> 24) & 0xFF);
}

static int32_t run_case(int32_t func, const int32_t *p, int8_t *a, int32_t len_a, const int8_t *b, int32_t len_b,
                        int32_t *bias, int32_t *mult, int32_t *shift, int32_t n_req, int8_t *out, int32_t out_len)
{
    DIMS in, fl, ou;
    CONV_P cp;
    DW_P dp;
    FC_P fp;
    POOL_P pp;
    PC_Q pcq;
    PT_Q ptq;
    CTX ctx;
    int32_t need = 0;
    int32_t status = 0;
    int32_t i;
    (void)len_a;

    dims_at(&in, p);
    dims_at(&fl, p + 4);
    dims_at(&ou, p + 8);
    cp.input_offset = p[12];
    cp.output_offset = p[13];
    cp.stride.w = p[14];
    cp.stride.h = p[15];
    cp.padding.w = p[16];
    cp.padding.h = p[17];
    cp.dilation.w = p[18];
    cp.dilation.h = p[19];
    cp.activation.min = p[20];
    cp.activation.max = p[21];
    dp.input_offset = p[12];
    dp.output_offset = p[13];
    dp.ch_mult = p[22];
    dp.stride = cp.stride;
    dp.padding = cp.padding;
    dp.dilation = cp.dilation;
    dp.activation = cp.activation;
    fp.input_offset = p[12];
    fp.output_offset = p[13];
    fp.filter_offset = p[14];
    fp.activation = cp.activation;
    pp.stride = cp.stride;
    pp.padding = cp.padding;
    pp.activation = cp.activation;
    pcq.multiplier = mult;
    pcq.shift = shift;
    ptq.multiplier = mult ? mult[0] : 0;
    ptq.shift = shift ? shift[0] : 0;

    if (func >= 1 && func <= 5)
    {
        need = max3(FN(convolve_wrapper_s8_get_buffer_size)(&cp, &in, &fl, &ou),
                    FN(convolve_s8_get_buffer_size)(&in, &fl), 0);
#ifdef J2CMSIS_DRIVER_USE_CMSIS
        need = max3(need, arm_convolve_1_x_n_s8_get_buffer_size(&cp, &in, &fl, &ou),
                    arm_convolve_1x1_s8_fast_get_buffer_size(&in));
#endif
    }
    else if (func >= 10 && func <= 13)
    {
        need = FN(depthwise_conv_wrapper_s8_get_buffer_size)(&dp, &in, &fl, &ou);
#ifdef J2CMSIS_DRIVER_USE_CMSIS
        need = max3(need, arm_depthwise_conv_s8_opt_get_buffer_size(&in, &fl), 0);
#endif
    }
    else if (func == 20 || func == 21)
    {
        need = max3(FN(fully_connected_s8_get_buffer_size)(&fl), ou.c * (int32_t)sizeof(int32_t), 0);
    }
    else if (func == 30 || func == 31)
    {
        need = FN(avgpool_s8_get_buffer_size)(ou.w, in.c);
    }
    ctx.size = need;
    ctx.buf = NULL;
    if (p[23] == 0 && ((func >= 1 && func <= 31)))
    {
        ctx.buf = xmalloc((size_t)need);
        memset(ctx.buf, 0, (size_t)(need ? need : 1));
    }

    switch (func)
    {
    case 1:
        status = FN(convolve_wrapper_s8)(&ctx, &cp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 2:
        status = FN(convolve_s8)(&ctx, &cp, &pcq, &in, a, &fl, b, &ou, bias, NULL, &ou, out);
        break;
    case 3:
        status = FN(convolve_1x1_s8_fast)(&ctx, &cp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 4:
        status = FN(convolve_1x1_s8)(&ctx, &cp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 5:
        status = FN(convolve_1_x_n_s8)(&ctx, &cp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 10:
        status = FN(depthwise_conv_wrapper_s8)(&ctx, &dp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 11:
        status = FN(depthwise_conv_s8)(&ctx, &dp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 12:
        status = FN(depthwise_conv_s8_opt)(&ctx, &dp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 13:
        status = FN(depthwise_conv_3x3_s8)(&ctx, &dp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        break;
    case 20:
    case 21:
#ifdef J2CMSIS_DRIVER_USE_CMSIS
        if (ctx.buf != NULL)
        {
            arm_vector_sum_s8((int32_t *)ctx.buf, fl.n, ou.c, b, fp.input_offset, fp.filter_offset, bias);
        }
#endif
        if (func == 20)
        {
            status = FN(fully_connected_s8)(&ctx, &fp, &ptq, &in, a, &fl, b, &ou, bias, &ou, out);
        }
        else
        {
            status = FN(fully_connected_per_channel_s8)(&ctx, &fp, &pcq, &in, a, &fl, b, &ou, bias, &ou, out);
        }
        break;
    case 30:
        status = FN(avgpool_s8)(&ctx, &pp, &in, a, &fl, &ou, out);
        break;
    case 31:
        status = FN(max_pool_s8)(&ctx, &pp, &in, a, &fl, &ou, out);
        break;
    case 40:
        FN(softmax_s8)(a, p[0], p[1], p[2], p[3], p[4], out);
        break;
    case 50:
        status = FN(elementwise_add_s8)(a, b, p[1], p[2], p[3], p[4], p[5], p[6], p[7], out, p[8], p[9], p[10], p[11],
                                        p[12], p[0]);
        break;
    case 51:
        status = FN(elementwise_mul_s8)(a, b, p[1], p[2], out, p[3], p[4], p[5], p[6], p[7], p[0]);
        break;
    case 60:
        FN(relu6_s8)(a, (uint16_t)p[0]);
        memcpy(out, a, (size_t)(out_len < len_a ? out_len : len_a));
        break;
    case 61:
        memcpy(out, b, (size_t)(out_len < len_b ? out_len : len_b));
        FN(concatenation_s8_x)(a, (uint16_t)p[0], (uint16_t)p[1], (uint16_t)p[2], (uint16_t)p[3], out,
                               (uint16_t)p[4], (uint32_t)p[5]);
        break;
    case 62:
#if HAS_LUT
        j2cmsis_lut_s8(a, out, p[0], b);
#else
        status = NOT_AVAILABLE;
#endif
        break;
    case 70:
        for (i = 0; i < n_req; i++)
        {
            put_i32(out, i, REQUANTIZE(bias[i], mult[i], shift[i]));
        }
        break;
    case 71:
        put_i32(out, 0, FN(convolve_wrapper_s8_get_buffer_size)(&cp, &in, &fl, &ou));
        put_i32(out, 1, FN(convolve_s8_get_buffer_size)(&in, &fl));
        put_i32(out, 2, FN(depthwise_conv_wrapper_s8_get_buffer_size)(&dp, &in, &fl, &ou));
        put_i32(out, 3, FN(fully_connected_s8_get_buffer_size)(&fl));
        put_i32(out, 4, FN(avgpool_s8_get_buffer_size)(ou.w, in.c));
        break;
    case 72:
#ifdef J2CMSIS_DRIVER_USE_CMSIS
        put_i32(out, 0, arm_convolve_wrapper_s8_get_buffer_size_dsp(&cp, &in, &fl, &ou));
        put_i32(out, 1, arm_convolve_wrapper_s8_get_buffer_size_mve(&cp, &in, &fl, &ou));
        put_i32(out, 2, arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(&dp, &in, &fl, &ou));
        put_i32(out, 3, arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(&dp, &in, &fl, &ou));
        put_i32(out, 4, arm_fully_connected_s8_get_buffer_size_dsp(&fl));
        put_i32(out, 5, arm_fully_connected_s8_get_buffer_size_mve(&fl));
        put_i32(out, 6, arm_avgpool_s8_get_buffer_size_dsp(ou.w, in.c));
        put_i32(out, 7, arm_avgpool_s8_get_buffer_size_mve(ou.w, in.c));
#else
        status = NOT_AVAILABLE;
#endif
        break;
    default:
        status = NOT_AVAILABLE;
        break;
    }
    free(ctx.buf);
    return status;
}

int main(int argc, char **argv)
{
    FILE *fin;
    FILE *fout;
    int32_t count, k, i;
    if (argc != 3)
    {
        fprintf(stderr, "usage: kernel_driver_s8 <cases.bin> <results.bin>\n");
        return 2;
    }
    fin = fopen(argv[1], "rb");
    if (fin == NULL)
    {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    fout = fopen(argv[2], "wb");
    if (fout == NULL)
    {
        fprintf(stderr, "cannot open %s\n", argv[2]);
        return 2;
    }
    count = read_i32(fin);
    for (k = 0; k < count; k++)
    {
        int32_t p[NP];
        int32_t len_a, len_b, len_bias, len_mult, len_shift, out_len, status;
        int8_t *a, *b, *out;
        int32_t *bias, *mult, *shift;
        const int32_t func = read_i32(fin);
        for (i = 0; i < NP; i++)
        {
            p[i] = read_i32(fin);
        }
        a = read_bytes(fin, &len_a);
        b = read_bytes(fin, &len_b);
        bias = read_ints(fin, &len_bias);
        mult = read_ints(fin, &len_mult);
        shift = read_ints(fin, &len_shift);
        out_len = read_i32(fin);
        out = (int8_t *)xmalloc((size_t)out_len);
        memset(out, 0x5A, (size_t)out_len);
        status = run_case(func, p, a, len_a, b, len_b, bias, mult, shift, len_bias, out, out_len);
        write_i32(fout, status);
        write_i32(fout, out_len);
        fwrite(out, 1, (size_t)out_len, fout);
        free(a);
        free(b);
        free(bias);
        free(mult);
        free(shift);
        free(out);
    }
    fclose(fin);
    if (fclose(fout) != 0)
    {
        fprintf(stderr, "cannot write %s\n", argv[2]);
        return 2;
    }
    return 0;
}
