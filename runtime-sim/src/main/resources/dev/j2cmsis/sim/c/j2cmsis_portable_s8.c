/*
 * j2cmsis: portable C99 reproduction of the CMSIS-NN v7.0.0 s8 kernels, plain-C path. See j2cmsis_portable_s8.h.
 * Written from the v7.0.0 semantics (the arithmetic of each arm_* function), not copied from the CMSIS sources.
 * Sums that CMSIS-NN does in int32 (and that wrap there) are done in uint32_t here.
 */
#include "j2cmsis_portable_s8.h"

#include <stddef.h>
#include <string.h>

#define J2CMSIS_Q31_MAX ((int32_t)0x7FFFFFFF)
#define J2CMSIS_Q31_MIN ((int32_t)(-0x7FFFFFFF - 1))

static int32_t j2cmsis_s8_max(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

static int32_t j2cmsis_s8_min(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

/* int32 addition that wraps like the CMSIS-NN int32 code does on every core, without the undefined behaviour. */
static int32_t j2cmsis_s8_wadd(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a + (uint32_t)b);
}

static int32_t j2cmsis_s8_wsub(int32_t a, int32_t b)
{
    return (int32_t)((uint32_t)a - (uint32_t)b);
}

static int32_t j2cmsis_s8_shl(int32_t a, int32_t s)
{
    return (int32_t)((uint32_t)a << s);
}

static int8_t j2cmsis_s8_out(int32_t v, int32_t act_min, int32_t act_max)
{
    return (int8_t)j2cmsis_s8_min(j2cmsis_s8_max(v, act_min), act_max);
}

#ifndef CMSIS_NN_USE_SINGLE_ROUNDING
/* arm_nn_doubling_high_mult_no_sat */
static int32_t j2cmsis_dhm_no_sat(int32_t m1, int32_t m2)
{
    return (int32_t)(((int64_t)m1 * m2 + ((int64_t)1 << 30)) >> 31);
}
#endif

/* arm_nn_doubling_high_mult (MUL_SAT) */
static int32_t j2cmsis_mul_sat(int32_t m1, int32_t m2)
{
    int64_t mult = (int64_t)1 << 30;
    if (m1 == m2 && m1 == J2CMSIS_Q31_MIN)
    {
        return J2CMSIS_Q31_MAX;
    }
    if ((m1 < 0) ^ (m2 < 0))
    {
        mult = 1 - mult;
    }
    mult += (int64_t)m1 * m2;
    return (int32_t)(mult / ((int64_t)1 << 31));
}

/* arm_nn_divide_by_power_of_two (DIV_POW2): round half away from zero, exponent in [0, 31]. */
static int32_t j2cmsis_div_pow2(int32_t dividend, int32_t exponent)
{
    const int32_t remainder_mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
    const int32_t remainder = remainder_mask & dividend;
    int32_t result = dividend >> exponent;
    int32_t threshold = remainder_mask >> 1;
    if (result < 0)
    {
        threshold++;
    }
    if (remainder > threshold)
    {
        result++;
    }
    return result;
}

/* arm_nn_mult_by_power_of_two (MUL_POW2): saturating left shift. */
static int32_t j2cmsis_mul_pow2(int32_t val, int32_t exp)
{
    const int32_t thresh = (int32_t)(((uint32_t)1 << (31 - exp)) - 1u);
    int32_t result = j2cmsis_s8_shl(val, exp);
    if (val > thresh)
    {
        result = J2CMSIS_Q31_MAX;
    }
    if (val < -thresh)
    {
        result = J2CMSIS_Q31_MIN;
    }
    return result;
}

int32_t j2cmsis_nn_requantize(int32_t val, int32_t multiplier, int32_t shift)
{
#ifdef CMSIS_NN_USE_SINGLE_ROUNDING
    /* v7.0.0 keeps the intermediate in int32_t (truncating conversion); fixed after the release. */
    const int64_t new_val = (int64_t)val * multiplier;
    const int32_t result = (int32_t)(new_val >> (30 - shift));
    return (int32_t)((uint32_t)result + 1u) >> 1;
#else
    const int32_t left = shift > 0 ? shift : 0;
    const int32_t right = shift > 0 ? 0 : -shift;
    return j2cmsis_div_pow2(j2cmsis_dhm_no_sat(j2cmsis_s8_shl(val, left), multiplier), right);
#endif
}

/* What every s8 kernel does with an accumulator: requantize, add the output offset, clamp, cast. */
static int8_t j2cmsis_s8_requant_out(uint32_t acc, int32_t mult, int32_t shift, int32_t out_offset, int32_t act_min,
                                     int32_t act_max)
{
    return j2cmsis_s8_out(j2cmsis_s8_wadd(j2cmsis_nn_requantize((int32_t)acc, mult, shift), out_offset), act_min,
                          act_max);
}

/* arm_nn_exp_on_negative_values (EXP_ON_NEG): gemmlowp exp for Q5.26 arguments <= 0. */
static int32_t j2cmsis_exp_on_neg(int32_t val)
{
    static const int32_t barrel[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
    const int32_t shift = 24;
    const int32_t val_mod_minus_quarter = (val & ((1 << shift) - 1)) - (1 << shift);
    const int32_t remainder = j2cmsis_s8_wsub(val_mod_minus_quarter, val);
    const int32_t x = j2cmsis_s8_wadd(j2cmsis_s8_shl(val_mod_minus_quarter, 5), 1 << 28);
    const int32_t x2 = j2cmsis_mul_sat(x, x);
    const int32_t inner = j2cmsis_s8_wadd(
        j2cmsis_mul_sat(j2cmsis_s8_wadd(j2cmsis_div_pow2(j2cmsis_mul_sat(x2, x2), 2), j2cmsis_mul_sat(x2, x)),
                        715827883),
        x2);
    int32_t result = j2cmsis_s8_wadd(1895147668,
                                     j2cmsis_mul_sat(1895147668, j2cmsis_s8_wadd(x, j2cmsis_div_pow2(inner, 1))));
    int k;
    for (k = 0; k < 7; k++)
    {
        if ((remainder & (int32_t)((uint32_t)1 << (shift + k))) != 0)
        {
            result = j2cmsis_mul_sat(result, barrel[k]);
        }
    }
    return val == 0 ? J2CMSIS_Q31_MAX : result;
}

/* arm_nn_one_over_one_plus_x_for_x_in_0_1 (ONE_OVER1) */
static int32_t j2cmsis_one_over_one_plus_x(int32_t val)
{
    const int64_t sum = (int64_t)val + (int64_t)J2CMSIS_Q31_MAX;
    const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
    int32_t x = j2cmsis_s8_wadd(1515870810, j2cmsis_mul_sat(half_denominator, -1010580540));
    const int32_t shift = (1 << 29);
    int i;
    for (i = 0; i < 3; i++)
    {
        x = j2cmsis_s8_wadd(
            x, j2cmsis_mul_pow2(j2cmsis_mul_sat(x, j2cmsis_s8_wsub(shift, j2cmsis_mul_sat(half_denominator, x))), 2));
    }
    return j2cmsis_mul_pow2(x, 1);
}

static int32_t j2cmsis_clz(uint32_t v)
{
    int32_t n = 0;
    if (v == 0)
    {
        return 32;
    }
    while ((v & 0x80000000u) == 0)
    {
        v <<= 1;
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Convolution */

/* arm_nn_mat_mult_nt_t_s8 as the conv kernels use it: lhs_rows rows lhs_stride apart times [rhs_rows][rhs_cols]. */
static void j2cmsis_mat_mult_nt_t(const int8_t *lhs, int32_t lhs_stride, int32_t lhs_rows, const int8_t *rhs,
                                  const int32_t *bias, int8_t *dst, const int32_t *mult, const int32_t *shift,
                                  int32_t rhs_rows, int32_t rhs_cols, int32_t lhs_offset, int32_t dst_offset,
                                  int32_t act_min, int32_t act_max)
{
    int32_t r, o, k;
    for (r = 0; r < lhs_rows; r++)
    {
        const int8_t *lp = lhs + r * lhs_stride;
        for (o = 0; o < rhs_rows; o++)
        {
            const int8_t *wp = rhs + o * rhs_cols;
            uint32_t acc = bias ? (uint32_t)bias[o] : 0u;
            for (k = 0; k < rhs_cols; k++)
            {
                acc += (uint32_t)((lp[k] + lhs_offset) * wp[k]);
            }
            dst[o] = j2cmsis_s8_requant_out(acc, mult[o], shift[o], dst_offset, act_min, act_max);
        }
        dst += rhs_rows;
    }
}

int32_t j2cmsis_convolve_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                            const j2cmsis_nn_per_channel_quant_params *quant_params, const j2cmsis_nn_dims *input_dims,
                            const int8_t *input_data, const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                            const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                            const j2cmsis_nn_dims *upscale_dims, const j2cmsis_nn_dims *output_dims,
                            int8_t *output_data)
{
    const int32_t in_ch = input_dims->c;
    const int32_t kc = filter_dims->c;
    const int32_t out_ch = output_dims->c;
    const int32_t in_w = input_dims->w;
    const int32_t in_h = input_dims->h;
    const int32_t kw = filter_dims->w;
    const int32_t kh = filter_dims->h;
    const int32_t out_w = output_dims->w;
    const int32_t out_h = output_dims->h;
    const int32_t input_offset = conv_params->input_offset;
    /* Out-of-image taps: the im2col buffer is padded with (int8)-input_offset. */
    const int32_t pad_term = (int8_t)(-input_offset) + input_offset;
    int32_t groups, cpg, rhs_cols, b, g, oy, ox, o, ky, kx, i;
    (void)bias_dims;
    if (ctx->buf == NULL)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    if (upscale_dims != NULL)
    {
        return J2CMSIS_NN_NO_IMPL_ERROR;
    }
    groups = in_ch / kc;
    if (in_ch % groups != 0 || out_ch % groups != 0)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    cpg = out_ch / groups;
    rhs_cols = kw * kh * kc;
    for (b = 0; b < input_dims->n; b++)
    {
        const int8_t *in_base = input_data + b * in_w * in_h * in_ch;
        int8_t *out_base = output_data + b * out_w * out_h * out_ch;
        for (g = 0; g < groups; g++)
        {
            for (oy = 0; oy < out_h; oy++)
            {
                for (ox = 0; ox < out_w; ox++)
                {
                    int8_t *dst = out_base + (oy * out_w + ox) * out_ch;
                    for (o = g * cpg; o < (g + 1) * cpg; o++)
                    {
                        uint32_t acc = bias_data ? (uint32_t)bias_data[o] : 0u;
                        const int8_t *w_row = filter_data + o * rhs_cols;
                        for (ky = 0; ky < kh; ky++)
                        {
                            const int32_t iy = oy * conv_params->stride.h - conv_params->padding.h +
                                ky * conv_params->dilation.h;
                            for (kx = 0; kx < kw; kx++)
                            {
                                const int32_t ix = ox * conv_params->stride.w - conv_params->padding.w +
                                    kx * conv_params->dilation.w;
                                const int8_t *wp = w_row + (ky * kw + kx) * kc;
                                if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w)
                                {
                                    if (pad_term != 0)
                                    {
                                        for (i = 0; i < kc; i++)
                                        {
                                            acc += (uint32_t)(pad_term * wp[i]);
                                        }
                                    }
                                    continue;
                                }
                                {
                                    const int8_t *ip = in_base + (iy * in_w + ix) * in_ch + g * kc;
                                    for (i = 0; i < kc; i++)
                                    {
                                        acc += (uint32_t)((ip[i] + input_offset) * wp[i]);
                                    }
                                }
                            }
                        }
                        dst[o] = j2cmsis_s8_requant_out(acc, quant_params->multiplier[o], quant_params->shift[o],
                                                        conv_params->output_offset, conv_params->activation.min,
                                                        conv_params->activation.max);
                    }
                }
            }
        }
    }
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_convolve_1x1_s8_fast(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                     const j2cmsis_nn_per_channel_quant_params *quant_params,
                                     const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                     const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                     const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                     const j2cmsis_nn_dims *output_dims, int8_t *output_data)
{
    (void)ctx;
    (void)filter_dims;
    (void)bias_dims;
    if (conv_params->padding.w != 0 || conv_params->padding.h != 0 || conv_params->stride.w != 1 ||
        conv_params->stride.h != 1)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    j2cmsis_mat_mult_nt_t(input_data, input_dims->c, input_dims->w * input_dims->h * input_dims->n, filter_data,
                          bias_data, output_data, quant_params->multiplier, quant_params->shift, output_dims->c,
                          input_dims->c, conv_params->input_offset, conv_params->output_offset,
                          conv_params->activation.min, conv_params->activation.max);
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_convolve_1x1_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                const j2cmsis_nn_per_channel_quant_params *quant_params,
                                const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                const j2cmsis_nn_dims *output_dims, int8_t *output_data)
{
    const int32_t rhs_cols = input_dims->c;
    const int32_t input_inc = input_dims->w * conv_params->stride.h * rhs_cols;
    const int32_t output_inc = output_dims->w * output_dims->c;
    int32_t b, oy;
    (void)ctx;
    (void)filter_dims;
    (void)bias_dims;
    if (conv_params->padding.w != 0 || conv_params->padding.h != 0)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    for (b = 0; b < input_dims->n; b++)
    {
        const int8_t *ip = input_data + b * rhs_cols * input_dims->w * input_dims->h;
        for (oy = 0; oy < output_dims->h; oy++)
        {
            j2cmsis_mat_mult_nt_t(ip, rhs_cols * conv_params->stride.w, output_dims->w, filter_data, bias_data,
                                  output_data, quant_params->multiplier, quant_params->shift, output_dims->c, rhs_cols,
                                  conv_params->input_offset, conv_params->output_offset, conv_params->activation.min,
                                  conv_params->activation.max);
            ip += input_inc;
            output_data += output_inc;
        }
    }
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_convolve_1_x_n_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                  const j2cmsis_nn_per_channel_quant_params *quant_params,
                                  const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                  const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                  const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                  const j2cmsis_nn_dims *output_dims, int8_t *output_data)
{
    if (input_dims->h != 1 || conv_params->dilation.w != 1 || ctx->buf == NULL || conv_params->stride.w == 0 ||
        (conv_params->stride.w * input_dims->c) % 4 != 0)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    return j2cmsis_convolve_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                               bias_dims, bias_data, NULL, output_dims, output_data);
}

int32_t j2cmsis_convolve_wrapper_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                    const j2cmsis_nn_per_channel_quant_params *quant_params,
                                    const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                    const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                    const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                    const j2cmsis_nn_dims *output_dims, int8_t *output_data)
{
    if (conv_params->padding.w == 0 && conv_params->padding.h == 0 && filter_dims->w == 1 && filter_dims->h == 1 &&
        conv_params->dilation.w == 1 && conv_params->dilation.h == 1 && input_dims->c == filter_dims->c)
    {
        if (conv_params->stride.w == 1 && conv_params->stride.h == 1)
        {
            return j2cmsis_convolve_1x1_s8_fast(ctx, conv_params, quant_params, input_dims, input_data, filter_dims,
                                                filter_data, bias_dims, bias_data, output_dims, output_data);
        }
        return j2cmsis_convolve_1x1_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims,
                                       filter_data, bias_dims, bias_data, output_dims, output_data);
    }
    if (input_dims->h == 1 && conv_params->dilation.w == 1 && filter_dims->h == 1 &&
        (conv_params->stride.w * input_dims->c) % 4 == 0 && input_dims->c == filter_dims->c)
    {
        return j2cmsis_convolve_1_x_n_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims,
                                         filter_data, bias_dims, bias_data, output_dims, output_data);
    }
    return j2cmsis_convolve_s8(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                               bias_dims, bias_data, NULL, output_dims, output_data);
}

int32_t j2cmsis_convolve_s8_get_buffer_size(const j2cmsis_nn_dims *input_dims, const j2cmsis_nn_dims *filter_dims)
{
    const int32_t rhs_cols = filter_dims->w * filter_dims->h * input_dims->c;
    const int32_t remainder = rhs_cols % 4;
    const int32_t aligned = remainder != 0 ? rhs_cols + 4 - remainder : rhs_cols;
    return 2 * aligned * (int32_t)sizeof(int16_t);
}

int32_t j2cmsis_convolve_wrapper_s8_get_buffer_size(const j2cmsis_nn_conv_params *conv_params,
                                                    const j2cmsis_nn_dims *input_dims,
                                                    const j2cmsis_nn_dims *filter_dims,
                                                    const j2cmsis_nn_dims *output_dims)
{
    (void)output_dims;
    /* v7.0.0 sizes without testing input_dims->c == filter_dims->c (CMSIS-NN #200, fixed after the release). */
    if (conv_params->padding.w == 0 && conv_params->padding.h == 0 && filter_dims->w == 1 && filter_dims->h == 1 &&
        conv_params->dilation.w == 1 && conv_params->dilation.h == 1)
    {
        return 0;
    }
    return j2cmsis_convolve_s8_get_buffer_size(input_dims, filter_dims);
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Depthwise convolution */

static void j2cmsis_dw_reference(const j2cmsis_nn_dw_conv_params *p, int32_t ch_mult, int32_t dil_x, int32_t dil_y,
                                 int32_t batches, const j2cmsis_nn_per_channel_quant_params *q,
                                 const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                 const j2cmsis_nn_dims *filter_dims, const int8_t *kernel, const int32_t *bias,
                                 const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    const int32_t in_x = input_dims->w;
    const int32_t in_y = input_dims->h;
    const int32_t in_ch = input_dims->c;
    const int32_t kw = filter_dims->w;
    const int32_t kh = filter_dims->h;
    const int32_t filter_ch = in_ch * ch_mult;
    int32_t b, oy, ox, ic, m, ky, kx;
    for (b = 0; b < batches; b++)
    {
        const int8_t *in_base = input + b * in_x * in_y * in_ch;
        for (oy = 0; oy < output_dims->h; oy++)
        {
            const int32_t base_y = oy * p->stride.h - p->padding.h;
            for (ox = 0; ox < output_dims->w; ox++)
            {
                const int32_t base_x = ox * p->stride.w - p->padding.w;
                for (ic = 0; ic < in_ch; ic++)
                {
                    for (m = 0; m < ch_mult; m++)
                    {
                        const int32_t oc = ic * ch_mult + m;
                        uint32_t acc = bias ? (uint32_t)bias[oc] : 0u;
                        for (ky = 0; ky < kh; ky++)
                        {
                            const int32_t iy = base_y + ky * dil_y;
                            if (iy < 0 || iy >= in_y)
                            {
                                continue;
                            }
                            for (kx = 0; kx < kw; kx++)
                            {
                                const int32_t ix = base_x + kx * dil_x;
                                if (ix < 0 || ix >= in_x)
                                {
                                    continue;
                                }
                                acc += (uint32_t)((in_base[(iy * in_x + ix) * in_ch + ic] + p->input_offset) *
                                                  kernel[(ky * kw + kx) * filter_ch + oc]);
                            }
                        }
                        *output++ = j2cmsis_s8_requant_out(acc, q->multiplier[oc], q->shift[oc], p->output_offset,
                                                           p->activation.min, p->activation.max);
                    }
                }
            }
        }
    }
}

int32_t j2cmsis_depthwise_conv_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                  const j2cmsis_nn_per_channel_quant_params *quant_params,
                                  const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                  const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                  const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                  const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    (void)ctx;
    (void)bias_dims;
    j2cmsis_dw_reference(dw_conv_params, dw_conv_params->ch_mult, dw_conv_params->dilation.w,
                         dw_conv_params->dilation.h, input_dims->n, quant_params, input_dims, input, filter_dims,
                         kernel, bias, output_dims, output);
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_depthwise_conv_s8_opt(const j2cmsis_nn_context *ctx, const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                      const j2cmsis_nn_per_channel_quant_params *quant_params,
                                      const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                      const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                      const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                      const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    if (input_dims->c != output_dims->c)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    /* The plain-C path needs no scratch, so a NULL ctx->buf is accepted, and it runs the generic kernel. */
    return j2cmsis_depthwise_conv_s8(ctx, dw_conv_params, quant_params, input_dims, input, filter_dims, kernel,
                                     bias_dims, bias, output_dims, output);
}

int32_t j2cmsis_depthwise_conv_3x3_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                      const j2cmsis_nn_per_channel_quant_params *quant_params,
                                      const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                      const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                      const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                      const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    const int32_t input_x = input_dims->w;
    const int32_t input_y = input_dims->h;
    const int32_t ch = input_dims->c;
    const int32_t pad_x = dw_conv_params->padding.w;
    const int32_t input_offset = dw_conv_params->input_offset;
    int32_t out_h, in_h, out_w, in_w, c, kh;
    (void)ctx;
    (void)bias_dims;
    if (ch != output_dims->c)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    if (pad_x > 1 || filter_dims->w != 3 || filter_dims->h != 3)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    for (out_h = 0, in_h = -dw_conv_params->padding.h; out_h < output_dims->h;
         out_h++, in_h += dw_conv_params->stride.h)
    {
        const int32_t ker_h_start = j2cmsis_s8_max(0, -in_h);
        const int32_t ker_h_end = j2cmsis_s8_min(3, input_y - in_h);
        for (out_w = 0, in_w = -pad_x; out_w < output_dims->w; out_w++, in_w += dw_conv_params->stride.w)
        {
            const int32_t ker_w_start = j2cmsis_s8_max(0, -in_w);
            const int third = (input_x - in_w) >= 3;
            for (c = 0; c < ch; c++)
            {
                uint32_t acc = bias ? (uint32_t)bias[c] : 0u;
                for (kh = ker_h_start; kh < ker_h_end; kh++)
                {
                    /* Pointer to the (possibly padded) first column; indexed from there as the C kernel does. */
                    const ptrdiff_t ip = ((ptrdiff_t)(in_h + kh) * input_x + in_w) * ch + c;
                    const int8_t *kp = kernel + kh * 3 * ch + c;
                    if (ker_w_start == 0)
                    {
                        acc += (uint32_t)((input[ip] + input_offset) * kp[0]);
                    }
                    /* The middle column is accumulated even right of the input, as in v7.0.0. */
                    acc += (uint32_t)((input[ip + ch] + input_offset) * kp[ch]);
                    if (third)
                    {
                        acc += (uint32_t)((input[ip + 2 * ch] + input_offset) * kp[2 * ch]);
                    }
                }
                *output++ = j2cmsis_s8_requant_out(acc, quant_params->multiplier[c], quant_params->shift[c],
                                                   dw_conv_params->output_offset, dw_conv_params->activation.min,
                                                   dw_conv_params->activation.max);
            }
        }
    }
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_depthwise_conv_wrapper_s8(const j2cmsis_nn_context *ctx,
                                          const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                          const j2cmsis_nn_per_channel_quant_params *quant_params,
                                          const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                          const j2cmsis_nn_dims *filter_dims, const int8_t *filter,
                                          const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                          const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    if (dw_conv_params->ch_mult == 1 && input_dims->n == 1 && dw_conv_params->dilation.w == 1 &&
        dw_conv_params->dilation.h == 1)
    {
        if (filter_dims->w == 3 && filter_dims->h == 3 && dw_conv_params->padding.h <= 1 &&
            dw_conv_params->padding.w <= 1)
        {
            return j2cmsis_depthwise_conv_3x3_s8(ctx, dw_conv_params, quant_params, input_dims, input, filter_dims,
                                                 filter, bias_dims, bias, output_dims, output);
        }
        return j2cmsis_depthwise_conv_s8_opt(ctx, dw_conv_params, quant_params, input_dims, input, filter_dims, filter,
                                             bias_dims, bias, output_dims, output);
    }
    return j2cmsis_depthwise_conv_s8(ctx, dw_conv_params, quant_params, input_dims, input, filter_dims, filter,
                                     bias_dims, bias, output_dims, output);
}

int32_t j2cmsis_depthwise_conv_wrapper_s8_get_buffer_size(const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                                          const j2cmsis_nn_dims *input_dims,
                                                          const j2cmsis_nn_dims *filter_dims,
                                                          const j2cmsis_nn_dims *output_dims)
{
    /* Plain C: the 3x3 and the opt kernel need no scratch. */
    (void)dw_conv_params;
    (void)input_dims;
    (void)filter_dims;
    (void)output_dims;
    return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Fully connected */

static void j2cmsis_fc(const j2cmsis_nn_fc_params *p, const int32_t *mults, const int32_t *shifts, int32_t mult,
                       int32_t shift, const j2cmsis_nn_dims *input_dims, const int8_t *input,
                       const j2cmsis_nn_dims *filter_dims, const int8_t *kernel, const int32_t *bias,
                       const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    const int32_t k = filter_dims->n;
    const int32_t rows = output_dims->c;
    int32_t b, o, j;
    for (b = 0; b < input_dims->n; b++)
    {
        const int8_t *ip = input + b * k;
        for (o = 0; o < rows; o++)
        {
            const int8_t *wp = kernel + o * k;
            uint32_t acc = bias ? (uint32_t)bias[o] : 0u;
            for (j = 0; j < k; j++)
            {
                acc += (uint32_t)((ip[j] + p->input_offset) * (wp[j] + p->filter_offset));
            }
            output[o] = j2cmsis_s8_requant_out(acc, mults ? mults[o] : mult, mults ? shifts[o] : shift,
                                               p->output_offset, p->activation.min, p->activation.max);
        }
        output += rows;
    }
}

int32_t j2cmsis_fully_connected_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_fc_params *fc_params,
                                   const j2cmsis_nn_per_tensor_quant_params *quant_params,
                                   const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                   const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                   const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                   const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    (void)ctx;
    (void)bias_dims;
    j2cmsis_fc(fc_params, NULL, NULL, quant_params->multiplier, quant_params->shift, input_dims, input, filter_dims,
               kernel, bias, output_dims, output);
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_fully_connected_per_channel_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_fc_params *fc_params,
                                               const j2cmsis_nn_per_channel_quant_params *quant_params,
                                               const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                               const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                               const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                               const j2cmsis_nn_dims *output_dims, int8_t *output)
{
    (void)ctx;
    (void)bias_dims;
    j2cmsis_fc(fc_params, quant_params->multiplier, quant_params->shift, 0, 0, input_dims, input, filter_dims, kernel,
               bias, output_dims, output);
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_vector_sum_s8(int32_t *vector_sum_buf, const int32_t vector_cols, const int32_t vector_rows,
                              const int8_t *vector_data, const int32_t lhs_offset, const int32_t rhs_offset,
                              const int32_t *bias_data)
{
    int32_t r, c;
    for (r = 0; r < vector_rows; r++)
    {
        vector_sum_buf[r] = bias_data ? bias_data[r] : 0;
    }
    if (lhs_offset)
    {
        for (r = 0; r < vector_rows; r++)
        {
            uint32_t sum = 0;
            for (c = 0; c < vector_cols; c++)
            {
                sum += (uint32_t)(int32_t)vector_data[r * vector_cols + c];
            }
            if (rhs_offset)
            {
                sum += (uint32_t)vector_cols * (uint32_t)rhs_offset;
            }
            vector_sum_buf[r] = (int32_t)((uint32_t)vector_sum_buf[r] + sum * (uint32_t)lhs_offset);
        }
    }
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_fully_connected_s8_get_buffer_size(const j2cmsis_nn_dims *filter_dims)
{
    (void)filter_dims;
    return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Pooling */

int32_t j2cmsis_avgpool_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_pool_params *pool_params,
                           const j2cmsis_nn_dims *input_dims, const int8_t *src, const j2cmsis_nn_dims *filter_dims,
                           const j2cmsis_nn_dims *output_dims, int8_t *dst)
{
    const int32_t in_x = input_dims->w;
    const int32_t in_y = input_dims->h;
    const int32_t ch = input_dims->c;
    const int32_t out_x = output_dims->w;
    const int32_t out_y = output_dims->h;
    int32_t b, iy, ix, c, y, x;
    (void)ctx;
    if (input_dims->n < 1)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    for (b = 0; b < input_dims->n; b++)
    {
        const int8_t *s = src + b * in_x * in_y * ch;
        int8_t *d = dst + b * out_x * out_y * ch;
        for (iy = 0; iy < out_y; iy++)
        {
            const int32_t y0 = j2cmsis_s8_max(iy * pool_params->stride.h - pool_params->padding.h, 0);
            const int32_t y1 =
                j2cmsis_s8_min(iy * pool_params->stride.h - pool_params->padding.h + filter_dims->h, in_y);
            for (ix = 0; ix < out_x; ix++)
            {
                const int32_t x0 = j2cmsis_s8_max(ix * pool_params->stride.w - pool_params->padding.w, 0);
                const int32_t x1 =
                    j2cmsis_s8_min(ix * pool_params->stride.w - pool_params->padding.w + filter_dims->w, in_x);
                const int32_t count = j2cmsis_s8_max(y1 - y0, 0) * j2cmsis_s8_max(x1 - x0, 0);
                if (count == 0)
                {
                    return J2CMSIS_NN_ARG_ERROR;
                }
                for (c = 0; c < ch; c++)
                {
                    int32_t sum = 0;
                    for (y = y0; y < y1; y++)
                    {
                        for (x = x0; x < x1; x++)
                        {
                            sum += s[c + ch * (x + y * in_x)];
                        }
                    }
                    sum = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
                    d[c + ch * (ix + iy * out_x)] =
                        j2cmsis_s8_out(sum, pool_params->activation.min, pool_params->activation.max);
                }
            }
        }
    }
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_max_pool_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_pool_params *pool_params,
                            const j2cmsis_nn_dims *input_dims, const int8_t *src, const j2cmsis_nn_dims *filter_dims,
                            const j2cmsis_nn_dims *output_dims, int8_t *dst)
{
    const int32_t in_x = input_dims->w;
    const int32_t in_y = input_dims->h;
    const int32_t ch = input_dims->c;
    int32_t b, iy, ix, y, x, c, i;
    (void)ctx;
    if (input_dims->n < 1)
    {
        return J2CMSIS_NN_ARG_ERROR;
    }
    for (b = 0; b < input_dims->n; b++)
    {
        int8_t *dst_base = dst;
        for (iy = 0; iy < output_dims->h; iy++)
        {
            const int32_t base_y = iy * pool_params->stride.h - pool_params->padding.h;
            const int32_t y0 = j2cmsis_s8_max(0, -base_y);
            const int32_t y1 = j2cmsis_s8_min(filter_dims->h, in_y - base_y);
            for (ix = 0; ix < output_dims->w; ix++)
            {
                const int32_t base_x = ix * pool_params->stride.w - pool_params->padding.w;
                const int32_t x0 = j2cmsis_s8_max(0, -base_x);
                const int32_t x1 = j2cmsis_s8_min(filter_dims->w, in_x - base_x);
                int first = 1;
                for (y = y0; y < y1; y++)
                {
                    for (x = x0; x < x1; x++)
                    {
                        const int8_t *s = src + ch * (x + base_x + (y + base_y) * in_x);
                        if (first)
                        {
                            memcpy(dst, s, (size_t)ch);
                            first = 0;
                        }
                        else
                        {
                            for (c = 0; c < ch; c++)
                            {
                                if (s[c] > dst[c])
                                {
                                    dst[c] = s[c];
                                }
                            }
                        }
                    }
                }
                dst += ch;
            }
        }
        /* A window without input leaves its bytes as they were; the clamp covers the whole batch anyway. */
        for (i = 0; i < output_dims->w * output_dims->h * ch; i++)
        {
            dst_base[i] = j2cmsis_s8_out(dst_base[i], pool_params->activation.min, pool_params->activation.max);
        }
        src += in_x * in_y * ch;
    }
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_avgpool_s8_get_buffer_size(const int output_x, const int ch_src)
{
    (void)output_x;
    (void)ch_src;
    return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Softmax */

void j2cmsis_softmax_s8(const int8_t *input, const int32_t num_rows, const int32_t row_size, const int32_t mult,
                        const int32_t shift, const int32_t diff_min, int8_t *output)
{
    const uint32_t mask = (uint32_t)1 << shift;
    int32_t row, col;
    for (row = 0; row < num_rows; row++)
    {
        int32_t max = input[0];
        uint32_t sum = 0;
        int32_t headroom, shifted_scale, bits_over_unit;
        for (col = 1; col < row_size; col++)
        {
            max = j2cmsis_s8_max(max, input[col]);
        }
        for (col = 0; col < row_size; col++)
        {
            const int32_t diff = input[col] - max;
            if (diff >= diff_min)
            {
                const int32_t scaled = (int32_t)((uint32_t)diff * mask);
                sum += (uint32_t)j2cmsis_div_pow2(j2cmsis_exp_on_neg(j2cmsis_mul_sat(scaled, mult)), 12);
            }
        }
        headroom = j2cmsis_clz(sum);
        shifted_scale = j2cmsis_one_over_one_plus_x(
            j2cmsis_s8_wsub((int32_t)sum > 0 ? (int32_t)(sum << headroom) : 0, J2CMSIS_Q31_MIN));
        bits_over_unit = 12 - headroom + 23;
        for (col = 0; col < row_size; col++)
        {
            const int32_t diff = input[col] - max;
            if (diff >= diff_min)
            {
                const int32_t res =
                    j2cmsis_div_pow2(
                        j2cmsis_mul_sat(shifted_scale,
                                        j2cmsis_exp_on_neg(j2cmsis_mul_sat((int32_t)((uint32_t)diff * mask), mult))),
                        bits_over_unit) -
                    128;
                output[col] = j2cmsis_s8_out(res, -128, 127);
            }
            else
            {
                output[col] = -128;
            }
        }
        input += row_size;
        output += row_size;
    }
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Elementwise, activation, concatenation */

int32_t j2cmsis_elementwise_add_s8(const int8_t *input_1_vect, const int8_t *input_2_vect,
                                   const int32_t input_1_offset, const int32_t input_1_mult,
                                   const int32_t input_1_shift, const int32_t input_2_offset,
                                   const int32_t input_2_mult, const int32_t input_2_shift, const int32_t left_shift,
                                   int8_t *output, const int32_t out_offset, const int32_t out_mult,
                                   const int32_t out_shift, const int32_t out_activation_min,
                                   const int32_t out_activation_max, const int32_t block_size)
{
    int32_t i;
    for (i = 0; i < block_size; i++)
    {
        const int32_t a = j2cmsis_nn_requantize(j2cmsis_s8_shl(input_1_vect[i] + input_1_offset, left_shift),
                                                input_1_mult, input_1_shift);
        const int32_t b = j2cmsis_nn_requantize(j2cmsis_s8_shl(input_2_vect[i] + input_2_offset, left_shift),
                                                input_2_mult, input_2_shift);
        output[i] = j2cmsis_s8_requant_out((uint32_t)a + (uint32_t)b, out_mult, out_shift, out_offset,
                                           out_activation_min, out_activation_max);
    }
    return J2CMSIS_NN_SUCCESS;
}

int32_t j2cmsis_elementwise_mul_s8(const int8_t *input_1_vect, const int8_t *input_2_vect,
                                   const int32_t input_1_offset, const int32_t input_2_offset, int8_t *output,
                                   const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,
                                   const int32_t out_activation_min, const int32_t out_activation_max,
                                   const int32_t block_size)
{
    int32_t i;
    for (i = 0; i < block_size; i++)
    {
        const int32_t prod = (input_1_vect[i] + input_1_offset) * (input_2_vect[i] + input_2_offset);
        output[i] = j2cmsis_s8_requant_out((uint32_t)prod, out_mult, out_shift, out_offset, out_activation_min,
                                           out_activation_max);
    }
    return J2CMSIS_NN_SUCCESS;
}

void j2cmsis_relu6_s8(int8_t *data, uint16_t size)
{
    int32_t i;
    for (i = 0; i < size; i++)
    {
        data[i] = (int8_t)j2cmsis_s8_min(j2cmsis_s8_max(data[i], 0), 6);
    }
}

void j2cmsis_concatenation_s8_x(const int8_t *input, const uint16_t input_x, const uint16_t input_y,
                                const uint16_t input_z, const uint16_t input_w, int8_t *output,
                                const uint16_t output_x, const uint32_t offset_x)
{
    const uint32_t rows = (uint32_t)input_y * input_z * input_w;
    uint32_t i;
    output += offset_x;
    for (i = 0; i < rows; i++)
    {
        memcpy(output, input, input_x);
        input += input_x;
        output += output_x;
    }
}

void j2cmsis_lut_s8(const int8_t *input, int8_t *output, int32_t size, const int8_t table[256])
{
    int32_t i;
    for (i = 0; i < size; i++)
    {
        output[i] = table[(uint8_t)input[i]];
    }
}
