/*
 * j2cmsis: portable C99 reproduction of CMSIS-NN legacy q7 kernels, CMSIS_5 5.9.0 (CMSIS-NN 3.1.0).
 * See j2cmsis_portable.h. Written from the documented integer semantics, not from the CMSIS sources.
 * Accumulators are uint32_t so that wrapping is defined; the conversion back to int32_t and the arithmetic
 * right shift are the implementation-defined behaviours of every supported compiler.
 */
#include "j2cmsis_portable.h"

#include <string.h>

/* NN_ROUND of 5.9.0: (1 << s) >> 1 in signed 32-bit, i.e. -2^30 for s = 31. */
static int32_t j2cmsis_round(uint16_t s)
{
    return ((int32_t)((uint32_t)1u << s)) >> 1;
}

static uint32_t j2cmsis_bias_init(int8_t bias, uint16_t bias_shift, uint16_t out_shift)
{
    return ((uint32_t)(int32_t)bias << bias_shift) + (uint32_t)j2cmsis_round(out_shift);
}

static int8_t j2cmsis_sat8(int32_t v)
{
    return (int8_t)(v > 127 ? 127 : (v < -128 ? -128 : v));
}

static int16_t j2cmsis_sat16(int32_t v)
{
    return (int16_t)(v > 32767 ? 32767 : (v < -32768 ? -32768 : v));
}

static int8_t j2cmsis_out8(uint32_t acc, uint16_t out_shift)
{
    return j2cmsis_sat8(((int32_t)acc) >> out_shift);
}

static int j2cmsis_max(int a, int b)
{
    return a > b ? a : b;
}

static int j2cmsis_min(int a, int b)
{
    return a < b ? a : b;
}

/* The reference loop of every (non-depthwise) convolution; the in-image taps of one kernel row are contiguous in
 * the input and in the weights, so they form one dot product. */
static void j2cmsis_conv_reference(const int8_t *Im_in, int in_x, int in_y, int ch_in, const int8_t *wt,
                                   int ch_out, int k_x, int k_y, int pad_x, int pad_y, int stride_x, int stride_y,
                                   const int8_t *bias, uint16_t bias_shift, uint16_t out_shift, int8_t *Im_out,
                                   int out_x, int out_y)
{
    const int wt_per_out = ch_in * k_x * k_y;
    int j, x, co, m, t;
    for (j = 0; j < out_y; j++)
    {
        const int y0 = stride_y * j - pad_y;
        const int m_start = j2cmsis_max(0, -y0);
        const int m_end = j2cmsis_min(k_y, in_y - y0);
        for (x = 0; x < out_x; x++)
        {
            const int x0 = stride_x * x - pad_x;
            const int n_start = j2cmsis_max(0, -x0);
            const int n_end = j2cmsis_min(k_x, in_x - x0);
            const int run = (n_end - n_start) * ch_in;
            int8_t *out = Im_out + (j * out_x + x) * ch_out;
            for (co = 0; co < ch_out; co++)
            {
                uint32_t acc = j2cmsis_bias_init(bias[co], bias_shift, out_shift);
                if (run > 0)
                {
                    const int8_t *w_base = wt + co * wt_per_out + n_start * ch_in;
                    for (m = m_start; m < m_end; m++)
                    {
                        const int8_t *ip = Im_in + ((y0 + m) * in_x + x0 + n_start) * ch_in;
                        const int8_t *wp = w_base + m * k_x * ch_in;
                        for (t = 0; t < run; t++)
                        {
                            acc += (uint32_t)(ip[t] * wp[t]);
                        }
                    }
                }
                out[co] = j2cmsis_out8(acc, out_shift);
            }
        }
    }
}

int32_t j2cmsis_convolve_HWC_q7_basic(const int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                      const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                      const uint16_t padding, const uint16_t stride, const int8_t *bias,
                                      const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                      const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    j2cmsis_conv_reference(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, dim_kernel, padding,
                           padding, stride, stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_convolve_HWC_q7_fast(const int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                     const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                     const uint16_t padding, const uint16_t stride, const int8_t *bias,
                                     const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                     const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in % 4 != 0 || ch_im_out % 2 != 0)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    j2cmsis_conv_reference(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, dim_kernel, padding,
                           padding, stride, stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_convolve_HWC_q7_RGB(const int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                    const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                    const uint16_t padding, const uint16_t stride, const int8_t *bias,
                                    const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                    const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in != 3)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    j2cmsis_conv_reference(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, dim_kernel, padding,
                           padding, stride, stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_convolve_HWC_q7_basic_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                                const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                const int8_t *wt, const uint16_t ch_im_out,
                                                const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                const uint16_t padding_x, const uint16_t padding_y,
                                                const uint16_t stride_x, const uint16_t stride_y, const int8_t *bias,
                                                const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                                const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    j2cmsis_conv_reference(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, ch_im_out, dim_kernel_x, dim_kernel_y,
                           padding_x, padding_y, stride_x, stride_y, bias, bias_shift, out_shift, Im_out,
                           dim_im_out_x, dim_im_out_y);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_convolve_HWC_q7_fast_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                               const uint16_t dim_im_in_y, const uint16_t ch_im_in, const int8_t *wt,
                                               const uint16_t ch_im_out, const uint16_t dim_kernel_x,
                                               const uint16_t dim_kernel_y, const uint16_t padding_x,
                                               const uint16_t padding_y, const uint16_t stride_x,
                                               const uint16_t stride_y, const int8_t *bias,
                                               const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                               const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                               int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in % 4 != 0 || ch_im_out % 2 != 0)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    j2cmsis_conv_reference(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, ch_im_out, dim_kernel_x, dim_kernel_y,
                           padding_x, padding_y, stride_x, stride_y, bias, bias_shift, out_shift, Im_out,
                           dim_im_out_x, dim_im_out_y);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_convolve_1x1_HWC_q7_fast_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                                   const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                   const int8_t *wt, const uint16_t ch_im_out,
                                                   const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                   const uint16_t padding_x, const uint16_t padding_y,
                                                   const uint16_t stride_x, const uint16_t stride_y,
                                                   const int8_t *bias, const uint16_t bias_shift,
                                                   const uint16_t out_shift, int8_t *Im_out,
                                                   const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                   int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in % 4 != 0 || ch_im_out % 2 != 0 || dim_kernel_x != 1 || dim_kernel_y != 1 || padding_x != 0 ||
        padding_y != 0 || stride_x != 1 || stride_y != 1)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    j2cmsis_conv_reference(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, ch_im_out, 1, 1, 0, 0, 1, 1, bias,
                           bias_shift, out_shift, Im_out, dim_im_out_x, dim_im_out_y);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_depthwise_separable_conv_HWC_q7(const int8_t *Im_in, const uint16_t dim_im_in,
                                                const uint16_t ch_im_in, const int8_t *wt, const uint16_t ch_im_out,
                                                const uint16_t dim_kernel, const uint16_t padding,
                                                const uint16_t stride, const int8_t *bias, const uint16_t bias_shift,
                                                const uint16_t out_shift, int8_t *Im_out, const uint16_t dim_im_out,
                                                int16_t *bufferA, int8_t *bufferB)
{
    return j2cmsis_depthwise_separable_conv_HWC_q7_nonsquare(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out,
                                                             dim_kernel, dim_kernel, padding, padding, stride, stride,
                                                             bias, bias_shift, out_shift, Im_out, dim_im_out,
                                                             dim_im_out, bufferA, bufferB);
}

int32_t j2cmsis_depthwise_separable_conv_HWC_q7_nonsquare(
    const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y, const uint16_t ch_im_in,
    const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
    const uint16_t padding_x, const uint16_t padding_y, const uint16_t stride_x, const uint16_t stride_y,
    const int8_t *bias, const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
    const uint16_t dim_im_out_x, const uint16_t dim_im_out_y, int16_t *bufferA, int8_t *bufferB)
{
    const int ch = ch_im_in;
    int y, x, c, m, n;
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in != ch_im_out)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    for (y = 0; y < dim_im_out_y; y++)
    {
        const int y0 = y * stride_y - padding_y;
        const int m_start = j2cmsis_max(0, -y0);
        const int m_end = j2cmsis_min(dim_kernel_y, dim_im_in_y - y0);
        for (x = 0; x < dim_im_out_x; x++)
        {
            const int x0 = x * stride_x - padding_x;
            const int n_start = j2cmsis_max(0, -x0);
            const int n_end = j2cmsis_min(dim_kernel_x, dim_im_in_x - x0);
            int8_t *out = Im_out + (y * dim_im_out_x + x) * ch;
            for (c = 0; c < ch; c++)
            {
                uint32_t acc = j2cmsis_bias_init(bias[c], bias_shift, out_shift);
                for (m = m_start; m < m_end; m++)
                {
                    const int8_t *ip = Im_in + ((y0 + m) * dim_im_in_x + x0 + n_start) * ch + c;
                    const int8_t *wp = wt + (m * dim_kernel_x + n_start) * ch + c;
                    for (n = n_start; n < n_end; n++, ip += ch, wp += ch)
                    {
                        acc += (uint32_t)(*ip * *wp);
                    }
                }
                out[c] = j2cmsis_out8(acc, out_shift);
            }
        }
    }
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_fully_connected_q7(const int8_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                   const uint16_t num_of_rows, const uint16_t bias_shift,
                                   const uint16_t out_shift, const int8_t *bias, int8_t *pOut,
                                   int16_t *vec_buffer)
{
    int r, j;
    (void)vec_buffer;
    for (r = 0; r < num_of_rows; r++)
    {
        uint32_t acc = j2cmsis_bias_init(bias[r], bias_shift, out_shift);
        const int8_t *row = pM + r * dim_vec;
        for (j = 0; j < dim_vec; j++)
        {
            acc += (uint32_t)(pV[j] * row[j]);
        }
        pOut[r] = j2cmsis_out8(acc, out_shift);
    }
    return J2CMSIS_SUCCESS;
}

/* Layout: per group of 4 rows, per block of 4 columns c0..c3 the 16 bytes
 * r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2 r0c1 r1c1 r0c3 r1c3 r2c1 r3c1 r2c3 r3c3, then per leftover column
 * r0c r1c r2c r3c; the last num_of_rows % 4 rows row-major. */
int32_t j2cmsis_fully_connected_q7_opt(const int8_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                       const uint16_t num_of_rows, const uint16_t bias_shift,
                                       const uint16_t out_shift, const int8_t *bias, int8_t *pOut,
                                       int16_t *vec_buffer)
{
    const int8_t *pB = pM;
    int g, c, r, j;
    (void)vec_buffer;
    for (g = 0; g < num_of_rows >> 2; g++)
    {
        const int8_t *pA = pV;
        uint32_t s0 = j2cmsis_bias_init(bias[4 * g], bias_shift, out_shift);
        uint32_t s1 = j2cmsis_bias_init(bias[4 * g + 1], bias_shift, out_shift);
        uint32_t s2 = j2cmsis_bias_init(bias[4 * g + 2], bias_shift, out_shift);
        uint32_t s3 = j2cmsis_bias_init(bias[4 * g + 3], bias_shift, out_shift);
        for (c = 0; c < dim_vec >> 2; c++)
        {
            const int32_t v0 = pA[0], v1 = pA[1], v2 = pA[2], v3 = pA[3];
            s0 += (uint32_t)(v0 * pB[0] + v2 * pB[2]) + (uint32_t)(v1 * pB[8] + v3 * pB[10]);
            s1 += (uint32_t)(v0 * pB[1] + v2 * pB[3]) + (uint32_t)(v1 * pB[9] + v3 * pB[11]);
            s2 += (uint32_t)(v0 * pB[4] + v2 * pB[6]) + (uint32_t)(v1 * pB[12] + v3 * pB[14]);
            s3 += (uint32_t)(v0 * pB[5] + v2 * pB[7]) + (uint32_t)(v1 * pB[13] + v3 * pB[15]);
            pA += 4;
            pB += 16;
        }
        for (c = 0; c < (dim_vec & 3); c++)
        {
            const int32_t v = *pA++;
            s0 += (uint32_t)(v * pB[0]);
            s1 += (uint32_t)(v * pB[1]);
            s2 += (uint32_t)(v * pB[2]);
            s3 += (uint32_t)(v * pB[3]);
            pB += 4;
        }
        pOut[4 * g] = j2cmsis_out8(s0, out_shift);
        pOut[4 * g + 1] = j2cmsis_out8(s1, out_shift);
        pOut[4 * g + 2] = j2cmsis_out8(s2, out_shift);
        pOut[4 * g + 3] = j2cmsis_out8(s3, out_shift);
    }
    for (r = num_of_rows & ~3; r < num_of_rows; r++)
    {
        uint32_t acc = j2cmsis_bias_init(bias[r], bias_shift, out_shift);
        for (j = 0; j < dim_vec; j++)
        {
            acc += (uint32_t)(pV[j] * *pB++);
        }
        pOut[r] = j2cmsis_out8(acc, out_shift);
    }
    return J2CMSIS_SUCCESS;
}

void j2cmsis_maxpool_q7_HWC(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                            const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                            const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out)
{
    int y, x, c, iy, ix;
    (void)bufferA;
    for (y = 0; y < dim_im_out; y++)
    {
        const int y0 = y * stride - padding;
        const int ys = j2cmsis_max(0, y0);
        const int ye = j2cmsis_min(dim_im_in, y0 + dim_kernel);
        for (x = 0; x < dim_im_out; x++)
        {
            const int x0 = x * stride - padding;
            const int xs = j2cmsis_max(0, x0);
            const int xe = j2cmsis_min(dim_im_in, x0 + dim_kernel);
            int8_t *out = Im_out + (y * dim_im_out + x) * ch_im_in;
            for (c = 0; c < ch_im_in; c++)
            {
                int max = -129; /* stays -129 for an empty window: stored as (int8_t)-129 = +127 */
                for (iy = ys; iy < ye; iy++)
                {
                    const int8_t *p = Im_in + (iy * dim_im_in + xs) * ch_im_in + c;
                    for (ix = xs; ix < xe; ix++, p += ch_im_in)
                    {
                        if (*p > max)
                        {
                            max = *p;
                        }
                    }
                }
                out[c] = (int8_t)(uint8_t)(max & 0xFF);
            }
        }
    }
}

static void j2cmsis_max_into(int8_t *dst, const int8_t *src, uint16_t len)
{
    uint16_t i;
    for (i = 0; i < len; i++)
    {
        if (src[i] > dst[i])
        {
            dst[i] = src[i];
        }
    }
}

void j2cmsis_maxpool_q7_HWC_dsp(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                                const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out)
{
    const int row_len = dim_im_in * ch_im_in;
    const int out_row = dim_im_out * ch_im_in;
    int iy, ix, y;
    (void)bufferA;
    /* pass 1, in place: the window of column ix starts at column ix (not 0) when its start is negative */
    for (iy = 0; iy < dim_im_in; iy++)
    {
        int8_t *row = Im_in + iy * row_len;
        for (ix = 0; ix < dim_im_out; ix++)
        {
            int8_t *target = row + ix * ch_im_in;
            const int x0 = ix * stride - padding;
            int ws = x0 < 0 ? ix : x0;
            const int we = x0 + dim_kernel >= dim_im_in ? dim_im_in : x0 + dim_kernel;
            memmove(target, row + ws * ch_im_in, ch_im_in);
            for (ws++; ws < we; ws++)
            {
                j2cmsis_max_into(target, row + ws * ch_im_in, ch_im_in);
            }
        }
    }
    /* pass 2: the first dim_im_out pixels of the pass-1 rows, a negative start begins at row 0 */
    for (y = 0; y < dim_im_out; y++)
    {
        int8_t *target = Im_out + y * out_row;
        const int y0 = y * stride - padding;
        int rs = y0 < 0 ? 0 : y0;
        const int re = y0 + dim_kernel >= dim_im_in ? dim_im_in : y0 + dim_kernel;
        memmove(target, Im_in + rs * row_len, (size_t)out_row);
        for (rs++; rs < re; rs++)
        {
            j2cmsis_max_into(target, Im_in + rs * row_len, (uint16_t)out_row);
        }
    }
}

void j2cmsis_avepool_q7_HWC(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                            const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                            const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out)
{
    int y, x, c, iy, ix;
    (void)bufferA;
    for (y = 0; y < dim_im_out; y++)
    {
        const int y0 = y * stride - padding;
        const int ys = j2cmsis_max(0, y0);
        const int ye = j2cmsis_min(dim_im_in, y0 + dim_kernel);
        for (x = 0; x < dim_im_out; x++)
        {
            const int x0 = x * stride - padding;
            const int xs = j2cmsis_max(0, x0);
            const int xe = j2cmsis_min(dim_im_in, x0 + dim_kernel);
            const int count = j2cmsis_max(0, ye - ys) * j2cmsis_max(0, xe - xs);
            int8_t *out = Im_out + (y * dim_im_out + x) * ch_im_in;
            for (c = 0; c < ch_im_in; c++)
            {
                int sum = 0;
                for (iy = ys; iy < ye; iy++)
                {
                    const int8_t *p = Im_in + (iy * dim_im_in + xs) * ch_im_in + c;
                    for (ix = xs; ix < xe; ix++, p += ch_im_in)
                    {
                        sum += *p;
                    }
                }
                out[c] = (int8_t)(count == 0 ? 0 : sum / count);
            }
        }
    }
}

static int16_t j2cmsis_get16(const int8_t *buf, int i)
{
    int16_t v;
    memcpy(&v, buf + 2 * i, sizeof v);
    return v;
}

static void j2cmsis_put16(int8_t *buf, int i, int16_t v)
{
    memcpy(buf + 2 * i, &v, sizeof v);
}

static void j2cmsis_load16(int8_t *buf, const int8_t *src, int len)
{
    int i;
    for (i = 0; i < len; i++)
    {
        j2cmsis_put16(buf, i, src[i]);
    }
}

/* QADD16 (saturating) over the whole groups of four, plain int16 (wrapping) over the len % 4 rest */
static void j2cmsis_accumulate16(int8_t *buf, const int8_t *src, uint16_t len)
{
    const int sat = len & ~3;
    int i;
    for (i = 0; i < sat; i++)
    {
        j2cmsis_put16(buf, i, j2cmsis_sat16(j2cmsis_get16(buf, i) + src[i]));
    }
    for (i = sat; i < len; i++)
    {
        j2cmsis_put16(buf, i, (int16_t)(uint16_t)((uint32_t)(j2cmsis_get16(buf, i) + src[i]) & 0xFFFFu));
    }
}

static void j2cmsis_scale_back(const int8_t *buf, int8_t *dst, uint16_t len, uint16_t scale)
{
    int i;
    for (i = 0; i < len; i++)
    {
        dst[i] = (int8_t)(uint8_t)((uint32_t)(j2cmsis_get16(buf, i) / scale) & 0xFFu);
    }
}

void j2cmsis_avepool_q7_HWC_dsp(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                                const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out)
{
    const int row_len = dim_im_in * ch_im_in;
    const int out_row = dim_im_out * ch_im_in;
    int iy, ix, y;
    int16_t count;
    /* pass 1, in place, first truncating division (by the number of columns) */
    for (iy = 0; iy < dim_im_in; iy++)
    {
        int8_t *row = Im_in + iy * row_len;
        for (ix = 0; ix < dim_im_out; ix++)
        {
            const int x0 = ix * stride - padding;
            int ws = x0 < 0 ? ix : x0;
            const int we = x0 + dim_kernel >= dim_im_in ? dim_im_in : x0 + dim_kernel;
            j2cmsis_load16(bufferA, row + ws * ch_im_in, ch_im_in);
            count = 1;
            for (ws++; ws < we; ws++)
            {
                j2cmsis_accumulate16(bufferA, row + ws * ch_im_in, ch_im_in);
                count++;
            }
            j2cmsis_scale_back(bufferA, row + ix * ch_im_in, ch_im_in, (uint16_t)count);
        }
    }
    /* pass 2, second truncating division (by the number of rows) */
    for (y = 0; y < dim_im_out; y++)
    {
        const int y0 = y * stride - padding;
        int rs = y0 < 0 ? 0 : y0;
        const int re = y0 + dim_kernel >= dim_im_in ? dim_im_in : y0 + dim_kernel;
        j2cmsis_load16(bufferA, Im_in + rs * row_len, out_row);
        count = 1;
        for (rs++; rs < re; rs++)
        {
            j2cmsis_accumulate16(bufferA, Im_in + rs * row_len, (uint16_t)out_row);
            count++;
        }
        j2cmsis_scale_back(bufferA, Im_out + y * out_row, (uint16_t)out_row, (uint16_t)count);
    }
}

void j2cmsis_relu_q7(int8_t *data, uint16_t size)
{
    uint16_t i;
    for (i = 0; i < size; i++)
    {
        if (data[i] < 0)
        {
            data[i] = 0;
        }
    }
}

/* Entry i stands for x = (int8_t)i / 16 and holds clamp(floor(f(x) * 128 + 0.5), -128, 127). */
static const int8_t j2cmsis_sigmoid_q7[256] = {
    64, 66, 68, 70, 72, 74, 76, 78, 80, 82, 83, 85, 87, 89, 90, 92,
    94, 95, 97, 98, 99, 101, 102, 103, 105, 106, 107, 108, 109, 110, 111, 112,
    113, 114, 114, 115, 116, 116, 117, 118, 118, 119, 119, 120, 120, 121, 121, 122,
    122, 122, 123, 123, 123, 124, 124, 124, 124, 124, 125, 125, 125, 125, 125, 126,
    126, 126, 126, 126, 126, 126, 126, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
    2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 6,
    6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12, 12, 13, 14, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 25, 26, 27, 29, 30, 31, 33,
    34, 36, 38, 39, 41, 43, 45, 46, 48, 50, 52, 54, 56, 58, 60, 62,
};

static const int8_t j2cmsis_tanh_q7[256] = {
    0, 8, 16, 24, 31, 39, 46, 53, 59, 65, 71, 76, 81, 86, 90, 94,
    97, 101, 104, 106, 109, 111, 113, 114, 116, 117, 118, 120, 120, 121, 122, 123,
    123, 124, 124, 125, 125, 126, 126, 126, 126, 126, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127,
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128,
    -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -128, -127,
    -127, -127, -127, -127, -127, -127, -127, -126, -126, -126, -126, -126, -125, -125, -124, -124,
    -123, -123, -122, -121, -120, -120, -118, -117, -116, -114, -113, -111, -109, -106, -104, -101,
    -97, -94, -90, -86, -81, -76, -71, -65, -59, -53, -46, -39, -31, -24, -16, -8,
};

void j2cmsis_nn_activations_direct_q7(int8_t *data, uint16_t size, uint16_t int_width, int32_t type)
{
    const int8_t *table = type == J2CMSIS_SIGMOID ? j2cmsis_sigmoid_q7 : j2cmsis_tanh_q7;
    const uint16_t shift = (uint16_t)(3 - int_width);
    uint16_t i;
    for (i = 0; i < size; i++)
    {
        data[i] = table[(uint8_t)(data[i] >> shift)];
    }
}

void j2cmsis_softmax_q7(const int8_t *vec_in, const uint16_t dim_vec, int8_t *p_out)
{
    int32_t base = -128;
    int32_t sum = 0;
    int32_t output_base;
    int i;
    if (dim_vec == 0)
    {
        return;
    }
    for (i = 0; i < dim_vec; i++)
    {
        if (vec_in[i] > base)
        {
            base = vec_in[i];
        }
    }
    base -= 8;
    for (i = 0; i < dim_vec; i++)
    {
        const int32_t sh = vec_in[i] - base;
        sum += (int32_t)1 << (sh < 0 ? 0 : (sh > 7 ? 7 : sh));
    }
    output_base = ((int32_t)1 << 20) / sum;
    for (i = 0; i < dim_vec; i++)
    {
        const int32_t sh = 13 + base - vec_in[i];
        p_out[i] = j2cmsis_sat8(output_base >> (sh < 0 ? 0 : (sh > 31 ? 31 : sh)));
    }
}

/* ---- kernels CMSIS lacks: not in CMSIS; generated by j2cmsis ---- */

static void j2cmsis_pool_nonsquare(int is_max, const int8_t *Im_in, int in_x, int in_y, int ch, int k_x, int k_y,
                                   int pad_x, int pad_y, int stride_x, int stride_y, int out_x, int out_y,
                                   int avg_lshift, int8_t *Im_out)
{
    int y, x, c, iy, ix;
    for (y = 0; y < out_y; y++)
    {
        const int y0 = y * stride_y - pad_y;
        const int ys = j2cmsis_max(0, y0);
        const int ye = j2cmsis_min(in_y, y0 + k_y);
        for (x = 0; x < out_x; x++)
        {
            const int x0 = x * stride_x - pad_x;
            const int xs = j2cmsis_max(0, x0);
            const int xe = j2cmsis_min(in_x, x0 + k_x);
            const int count = j2cmsis_max(0, ye - ys) * j2cmsis_max(0, xe - xs);
            int8_t *out = Im_out + (y * out_x + x) * ch;
            for (c = 0; c < ch; c++)
            {
                int acc = is_max ? -129 : 0;
                for (iy = ys; iy < ye; iy++)
                {
                    const int8_t *p = Im_in + (iy * in_x + xs) * ch + c;
                    for (ix = xs; ix < xe; ix++, p += ch)
                    {
                        if (!is_max)
                        {
                            acc += *p;
                        }
                        else if (*p > acc)
                        {
                            acc = *p;
                        }
                    }
                }
                if (!is_max)
                {
                    /* the shift scales the sum, so the one truncating division keeps the extra bits */
                    acc = count == 0 ? 0 : j2cmsis_sat8((int32_t)((uint32_t)acc << avg_lshift) / count);
                }
                out[c] = (int8_t)(uint8_t)(acc & 0xFF); /* an empty max window: -129 stored as +127 */
            }
        }
    }
}

void j2cmsis_maxpool_q7_HWC_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                      const uint16_t ch_im_in, const uint16_t dim_kernel_x,
                                      const uint16_t dim_kernel_y, const uint16_t padding_x, const uint16_t padding_y,
                                      const uint16_t stride_x, const uint16_t stride_y, const uint16_t dim_im_out_x,
                                      const uint16_t dim_im_out_y, int8_t *Im_out)
{
    j2cmsis_pool_nonsquare(1, Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, dim_kernel_x, dim_kernel_y, padding_x,
                           padding_y, stride_x, stride_y, dim_im_out_x, dim_im_out_y, 0, Im_out);
}

void j2cmsis_avepool_q7_HWC_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                      const uint16_t ch_im_in, const uint16_t dim_kernel_x,
                                      const uint16_t dim_kernel_y, const uint16_t padding_x, const uint16_t padding_y,
                                      const uint16_t stride_x, const uint16_t stride_y, const uint16_t dim_im_out_x,
                                      const uint16_t dim_im_out_y, int8_t *Im_out)
{
    j2cmsis_pool_nonsquare(0, Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, dim_kernel_x, dim_kernel_y, padding_x,
                           padding_y, stride_x, stride_y, dim_im_out_x, dim_im_out_y, 0, Im_out);
}

void j2cmsis_avepool_q7_HWC_nonsquare_shift(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                            const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                            const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                            const uint16_t padding_x, const uint16_t padding_y,
                                            const uint16_t stride_x, const uint16_t stride_y,
                                            const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                            const uint16_t out_lshift, int8_t *Im_out)
{
    j2cmsis_pool_nonsquare(0, Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, dim_kernel_x, dim_kernel_y, padding_x,
                           padding_y, stride_x, stride_y, dim_im_out_x, dim_im_out_y, out_lshift, Im_out);
}

void j2cmsis_add_q7(const int8_t *a, const uint16_t a_lshift, const int8_t *b, const uint16_t b_lshift,
                    const uint16_t out_rshift, int8_t *out, const uint32_t size)
{
    const uint32_t round = (uint32_t)j2cmsis_round(out_rshift);
    uint32_t i;
    for (i = 0; i < size; i++)
    {
        const uint32_t sum = ((uint32_t)(int32_t)a[i] << a_lshift) + ((uint32_t)(int32_t)b[i] << b_lshift) + round;
        out[i] = j2cmsis_out8(sum, out_rshift);
    }
}

void j2cmsis_concat_q7_HWC_ch(const int8_t *a, const uint16_t ch_a, const int8_t *b, const uint16_t ch_b,
                              const uint16_t dim_x, const uint16_t dim_y, int8_t *out)
{
    const uint32_t pixels = (uint32_t)dim_x * dim_y;
    uint32_t p;
    for (p = 0; p < pixels; p++)
    {
        memcpy(out, a + p * ch_a, ch_a);
        out += ch_a;
        memcpy(out, b + p * ch_b, ch_b);
        out += ch_b;
    }
}

void j2cmsis_q7_rescale(const int8_t *in, const int16_t shift, int8_t *out, const uint32_t size)
{
    uint32_t i;
    if (shift >= 0)
    {
        /* in * 2^8 already saturates every nonzero q7 value, so clamping the count keeps int32 exact */
        const int l = shift < 8 ? shift : 8;
        for (i = 0; i < size; i++)
        {
            out[i] = j2cmsis_sat8(in[i] * (1 << l));
        }
    }
    else
    {
        const uint16_t s = (uint16_t)-shift;
        const int32_t round = j2cmsis_round(s);
        for (i = 0; i < size; i++)
        {
            out[i] = j2cmsis_sat8((in[i] + round) >> s);
        }
    }
}

/* ---- j2cmsis_convolve_HWC_q7_wide (see the header for the weight layout) ---- */

#if defined(__ARM_FEATURE_SIMD32) && __ARM_FEATURE_SIMD32
#include <arm_acle.h>
#define J2CMSIS_SXTB16(x) ((uint32_t)__sxtb16((int8x4_t)(x)))
#define J2CMSIS_SXTB16_ROR8(x) ((uint32_t)__sxtb16((int8x4_t)(((x) >> 8) | ((x) << 24))))
#define J2CMSIS_SMLAD(a, b, acc) ((uint32_t)__smlad((int16x2_t)(a), (int16x2_t)(b), (int32_t)(acc)))
#else
/* The same instructions in C (host builds and cores without the DSP extension). */
static uint32_t j2cmsis_sxtb16_c(uint32_t x)
{
    return (uint32_t)(uint16_t)(int16_t)(int8_t)(uint8_t)x
           | ((uint32_t)(uint16_t)(int16_t)(int8_t)(uint8_t)(x >> 16) << 16);
}

static uint32_t j2cmsis_smlad_c(uint32_t a, uint32_t b, uint32_t acc)
{
    return acc + (uint32_t)((int32_t)(int16_t)(uint16_t)a * (int16_t)(uint16_t)b)
           + (uint32_t)((int32_t)(int16_t)(uint16_t)(a >> 16) * (int16_t)(uint16_t)(b >> 16));
}
#define J2CMSIS_SXTB16(x) j2cmsis_sxtb16_c(x)
#define J2CMSIS_SXTB16_ROR8(x) j2cmsis_sxtb16_c((x) >> 8)
#define J2CMSIS_SMLAD(a, b, acc) j2cmsis_smlad_c((a), (b), (acc))
#endif

static uint32_t j2cmsis_rd32(const void *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static void j2cmsis_wr32(void *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* One im2col column of output pixel (ox, oy) into col (the column's slots: 4 per block, blocks 8 apart). */
static void j2cmsis_wide_column(const int8_t *Im_in, int in_x, int in_y, int ch, int k_x, int k_y, int pad_x,
                                int pad_y, int stride_x, int stride_y, int ox, int oy, int16_t *col)
{
    const int x0 = ox * stride_x - pad_x;
    const int y0 = oy * stride_y - pad_y;
    int ky, kx, c;
    if ((ch & 3) == 0)
    {
        for (ky = 0; ky < k_y; ky++)
        {
            const int iy = y0 + ky;
            for (kx = 0; kx < k_x; kx++)
            {
                const int ix = x0 + kx;
                if (iy < 0 || iy >= in_y || ix < 0 || ix >= in_x)
                {
                    for (c = 0; c < ch; c += 4)
                    {
                        j2cmsis_wr32(col, 0u);
                        j2cmsis_wr32(col + 2, 0u);
                        col += 8;
                    }
                }
                else
                {
                    const int8_t *src = Im_in + ((long)iy * in_x + ix) * ch;
                    for (c = 0; c < ch; c += 4)
                    {
                        const uint32_t v = j2cmsis_rd32(src + c);
                        j2cmsis_wr32(col, J2CMSIS_SXTB16(v));
                        j2cmsis_wr32(col + 2, J2CMSIS_SXTB16_ROR8(v));
                        col += 8;
                    }
                }
            }
        }
    }
    else
    {
        int j = 0;
        for (ky = 0; ky < k_y; ky++)
        {
            const int iy = y0 + ky;
            for (kx = 0; kx < k_x; kx++)
            {
                const int ix = x0 + kx;
                const int inside = iy >= 0 && iy < in_y && ix >= 0 && ix < in_x;
                const int8_t *src = Im_in + ((long)(inside ? iy : 0) * in_x + (inside ? ix : 0)) * ch;
                for (c = 0; c < ch; c++)
                {
                    col[j] = inside ? src[c] : 0;
                    if (++j == 4)
                    {
                        j = 0;
                        col += 8;
                    }
                }
            }
        }
        for (; j != 0 && j < 4; j++)
        {
            col[j] = 0;
        }
    }
}

/* Two words from 4-byte aligned memory in one access (LDRD on Armv7E-M). */
#define J2CMSIS_RD64(p, lo, hi)                                                                                     \
    do                                                                                                              \
    {                                                                                                               \
        uint64_t v_;                                                                                                \
        memcpy(&v_, (p), 8);                                                                                        \
        (lo) = (uint32_t)v_;                                                                                        \
        (hi) = (uint32_t)(v_ >> 32);                                                                                \
    } while (0)

#if defined(__ARM_FEATURE_SAT) && __ARM_FEATURE_SAT
static int8_t j2cmsis_out8_sat(uint32_t acc, uint16_t s)
{
    const int32_t v = (int32_t)acc;
    return (int8_t)__builtin_arm_ssat(v >> s, 8); /* __ssat of arm_acle.h, without its sign-conversion warning */
}
#define J2CMSIS_OUT8(acc, s) j2cmsis_out8_sat((acc), (s))
#else
#define J2CMSIS_OUT8(acc, s) j2cmsis_out8((acc), (s))
#endif

/* The matrix product of the weights and one or two im2col columns (out1 NULL: one). */
static void j2cmsis_wide_columns(const int16_t *wt, int kp, int ch_out, const int16_t *cols, const int8_t *bias,
                                 uint16_t bias_shift, uint16_t out_shift, int8_t *out0, int8_t *out1)
{
    const int16_t *pa = wt;
    int r;
    for (r = 0; r + 1 < ch_out; r += 2)
    {
        const int16_t *end = pa + 2 * kp;
        const int16_t *pb = cols;
        uint32_t s00 = j2cmsis_bias_init(bias[r], bias_shift, out_shift);
        uint32_t s10 = j2cmsis_bias_init(bias[r + 1], bias_shift, out_shift);
        uint32_t a0l, a0h, a1l, a1h, b0l, b0h, b1l, b1h;
        if (out1 != NULL)
        {
            uint32_t s01 = s00;
            uint32_t s11 = s10;
#if defined(__GNUC__) && defined(__thumb2__) && defined(__ARM_FEATURE_SIMD32) && __ARM_FEATURE_SIMD32
            /* The loop below, as gcc 12 does not write it: one LDRD per pair of words, pointer updates folded into
             * the loads (14 instructions per 16 MACs instead of 22). */
            __asm__ volatile("1:\n\t"
                             "ldrd %[a0l], %[a0h], [%[pa]], #8\n\t"
                             "ldrd %[b0l], %[b0h], [%[pb]], #16\n\t"
                             "smlad %[s00], %[a0l], %[b0l], %[s00]\n\t"
                             "smlad %[s00], %[a0h], %[b0h], %[s00]\n\t"
                             "ldrd %[b1l], %[b1h], [%[pb], #-8]\n\t"
                             "smlad %[s01], %[a0l], %[b1l], %[s01]\n\t"
                             "smlad %[s01], %[a0h], %[b1h], %[s01]\n\t"
                             "ldrd %[a0l], %[a0h], [%[pa]], #8\n\t"
                             "smlad %[s10], %[a0l], %[b0l], %[s10]\n\t"
                             "smlad %[s10], %[a0h], %[b0h], %[s10]\n\t"
                             "smlad %[s11], %[a0l], %[b1l], %[s11]\n\t"
                             "smlad %[s11], %[a0h], %[b1h], %[s11]\n\t"
                             "cmp %[pa], %[end]\n\t"
                             "bne 1b"
                             : [s00] "+r"(s00), [s01] "+r"(s01), [s10] "+r"(s10), [s11] "+r"(s11), [pa] "+r"(pa),
                               [pb] "+r"(pb), [a0l] "=&r"(a0l), [a0h] "=&r"(a0h), [b0l] "=&r"(b0l),
                               [b0h] "=&r"(b0h), [b1l] "=&r"(b1l), [b1h] "=&r"(b1h)
                             : [end] "r"(end)
                             : "cc", "memory");
            (void)a1l;
            (void)a1h;
#else
            while (pa != end)
            {
                J2CMSIS_RD64(pa, a0l, a0h);
                J2CMSIS_RD64(pb, b0l, b0h);
                s00 = J2CMSIS_SMLAD(a0l, b0l, s00);
                s00 = J2CMSIS_SMLAD(a0h, b0h, s00);
                J2CMSIS_RD64(pb + 4, b1l, b1h);
                s01 = J2CMSIS_SMLAD(a0l, b1l, s01);
                s01 = J2CMSIS_SMLAD(a0h, b1h, s01);
                J2CMSIS_RD64(pa + 4, a1l, a1h);
                s10 = J2CMSIS_SMLAD(a1l, b0l, s10);
                s10 = J2CMSIS_SMLAD(a1h, b0h, s10);
                s11 = J2CMSIS_SMLAD(a1l, b1l, s11);
                s11 = J2CMSIS_SMLAD(a1h, b1h, s11);
                pa += 8;
                pb += 8;
            }
#endif
            out1[r] = J2CMSIS_OUT8(s01, out_shift);
            out1[r + 1] = J2CMSIS_OUT8(s11, out_shift);
        }
        else
        {
            while (pa != end)
            {
                J2CMSIS_RD64(pb, b0l, b0h);
                J2CMSIS_RD64(pa, a0l, a0h);
                J2CMSIS_RD64(pa + 4, a1l, a1h);
                s00 = J2CMSIS_SMLAD(a0l, b0l, s00);
                s00 = J2CMSIS_SMLAD(a0h, b0h, s00);
                s10 = J2CMSIS_SMLAD(a1l, b0l, s10);
                s10 = J2CMSIS_SMLAD(a1h, b0h, s10);
                pa += 8;
                pb += 8;
            }
        }
        out0[r] = J2CMSIS_OUT8(s00, out_shift);
        out0[r + 1] = J2CMSIS_OUT8(s10, out_shift);
    }
    if (r < ch_out)
    {
        const int16_t *end = pa + kp;
        const int16_t *pb = cols;
        uint32_t s0 = j2cmsis_bias_init(bias[r], bias_shift, out_shift);
        uint32_t s1 = s0;
        uint32_t al, ah, b0l, b0h, b1l, b1h;
        while (pa != end)
        {
            J2CMSIS_RD64(pa, al, ah);
            J2CMSIS_RD64(pb, b0l, b0h);
            s0 = J2CMSIS_SMLAD(al, b0l, s0);
            s0 = J2CMSIS_SMLAD(ah, b0h, s0);
            if (out1 != NULL)
            {
                J2CMSIS_RD64(pb + 4, b1l, b1h);
                s1 = J2CMSIS_SMLAD(al, b1l, s1);
                s1 = J2CMSIS_SMLAD(ah, b1h, s1);
            }
            pa += 4;
            pb += 8;
        }
        out0[r] = J2CMSIS_OUT8(s0, out_shift);
        if (out1 != NULL)
        {
            out1[r] = J2CMSIS_OUT8(s1, out_shift);
        }
    }
}

int32_t j2cmsis_convolve_HWC_q7_wide(const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                     const uint16_t ch_im_in, const int16_t *wt, const uint16_t ch_im_out,
                                     const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                     const uint16_t padding_x, const uint16_t padding_y, const uint16_t stride_x,
                                     const uint16_t stride_y, const int8_t *bias, const uint16_t bias_shift,
                                     const uint16_t out_shift, int8_t *Im_out, const uint16_t dim_im_out_x,
                                     const uint16_t dim_im_out_y, int16_t *bufferA)
{
    const long k = (long)ch_im_in * dim_kernel_x * dim_kernel_y;
    const int kp = (int)((k + 3) & ~3L);
    const long pixels = (long)dim_im_out_x * dim_im_out_y;
    long p;
    if (k >= 65536)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    for (p = 0; p < pixels; p += 2)
    {
        const int two = p + 1 < pixels;
        j2cmsis_wide_column(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, dim_kernel_x, dim_kernel_y, padding_x,
                            padding_y, stride_x, stride_y, (int)(p % dim_im_out_x), (int)(p / dim_im_out_x), bufferA);
        if (two)
        {
            j2cmsis_wide_column(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, dim_kernel_x, dim_kernel_y, padding_x,
                                padding_y, stride_x, stride_y, (int)((p + 1) % dim_im_out_x),
                                (int)((p + 1) / dim_im_out_x), bufferA + 4);
        }
        j2cmsis_wide_columns(wt, kp, ch_im_out, bufferA, bias, bias_shift, out_shift, Im_out + p * ch_im_out,
                             two ? Im_out + (p + 1) * ch_im_out : NULL);
    }
    return J2CMSIS_SUCCESS;
}

/* ---- DWT cycle counter (not a kernel: shared by the serial harness and -D<NET>_PROFILE) ---- */

/* The DWT's CYCCNT, on the cores that may have one (Armv7-M, Armv8-M Mainline). */
#if (defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || defined(__ARM_ARCH_8M_MAIN__) \
     || defined(__ARM_ARCH_8_1M_MAIN__)) && !defined(J2CMSIS_NO_DWT) && !defined(J2CMSIS_SERIAL_NO_DWT)
#define J2CMSIS_DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define J2CMSIS_DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define J2CMSIS_DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)

int j2cmsis_cycles_start(void)
{
    volatile int spin;
    uint32_t before;
    J2CMSIS_DEMCR |= 1u << 24; /* TRCENA: powers the DWT */
    if ((J2CMSIS_DWT_CTRL & (1u << 25)) != 0) { /* NOCYCCNT: implemented without a cycle counter */
        return 0;
    }
    J2CMSIS_DWT_CYCCNT = 0;
    J2CMSIS_DWT_CTRL |= 1u; /* CYCCNTENA */
    before = J2CMSIS_DWT_CYCCNT;
    for (spin = 0; spin < 16; spin++) {
    }
    /* Emulators (QEMU 7.2) accept the writes but never count: report "not measured" instead of zeros. */
    return J2CMSIS_DWT_CYCCNT != before;
}

uint32_t j2cmsis_cycles_now(void)
{
    return J2CMSIS_DWT_CYCCNT;
}
#else
int j2cmsis_cycles_start(void)
{
    return 0;
}

uint32_t j2cmsis_cycles_now(void)
{
    return 0;
}
#endif
