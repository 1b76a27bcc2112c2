/*
 * j2cmsis: portable C99 reproduction of the int8 ("s8") kernels of CMSIS-NN v7.0.0 (ARM-software/CMSIS-NN tag
 * v7.0.0), plain-C path (the code CMSIS-NN compiles without __ARM_FEATURE_DSP and __ARM_FEATURE_MVE).
 *
 * Every j2cmsis_* function with an arm_* namesake computes, bit for bit, what that function computes on the plain-C
 * path, with the same argument checks and return values. The types are CMSIS-NN's (arm_nn_types.h) renamed
 * j2cmsis_nn_* with the same field order, so this file links into the same program as the real CMSIS-NN without a
 * clash and a generator can emit the same aggregate initialisers for both: dims {n, h, w, c}, tile {w, h}.
 * Requantization follows arm_nn_requantize of v7.0.0: double rounding by default, single rounding when
 * CMSIS_NN_USE_SINGLE_ROUNDING is defined (the macro CMSIS-NN uses), including v7.0.0's int32 truncation of the
 * single-rounding intermediate. Wrapping int32 sums are done in uint32_t, so the code is free of signed-overflow
 * undefined behaviour; it relies on the implementation-defined conversion of out-of-range values to int32_t and
 * the arithmetic right shift of negative values of every supported compiler (gcc, clang, armclang).
 * The Java twins are in dev.j2cmsis.sim.kernels.s8; j2cmsis_lut_s8 has no CMSIS-NN namesake (J2cmsisActivationS8).
 */
#ifndef J2CMSIS_PORTABLE_S8_H
#define J2CMSIS_PORTABLE_S8_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define J2CMSIS_NN_SUCCESS 0
#define J2CMSIS_NN_ARG_ERROR (-1)
#define J2CMSIS_NN_NO_IMPL_ERROR (-2)
#define J2CMSIS_NN_FAILURE (-3)

typedef struct
{
    void *buf;
    int32_t size;
} j2cmsis_nn_context;

typedef struct
{
    int32_t w;
    int32_t h;
} j2cmsis_nn_tile;

typedef struct
{
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} j2cmsis_nn_dims;

typedef struct
{
    int32_t *multiplier;
    int32_t *shift;
} j2cmsis_nn_per_channel_quant_params;

typedef struct
{
    int32_t multiplier;
    int32_t shift;
} j2cmsis_nn_per_tensor_quant_params;

typedef struct
{
    int32_t min;
    int32_t max;
} j2cmsis_nn_activation;

typedef struct
{
    int32_t input_offset;
    int32_t output_offset;
    j2cmsis_nn_tile stride;
    j2cmsis_nn_tile padding;
    j2cmsis_nn_tile dilation;
    j2cmsis_nn_activation activation;
} j2cmsis_nn_conv_params;

typedef struct
{
    int32_t input_offset;
    int32_t output_offset;
    int32_t ch_mult;
    j2cmsis_nn_tile stride;
    j2cmsis_nn_tile padding;
    j2cmsis_nn_tile dilation;
    j2cmsis_nn_activation activation;
} j2cmsis_nn_dw_conv_params;

typedef struct
{
    j2cmsis_nn_tile stride;
    j2cmsis_nn_tile padding;
    j2cmsis_nn_activation activation;
} j2cmsis_nn_pool_params;

typedef struct
{
    int32_t input_offset;
    int32_t filter_offset;
    int32_t output_offset;
    j2cmsis_nn_activation activation;
} j2cmsis_nn_fc_params;

/* arm_nn_requantize; shift in [-31, 30]. */
int32_t j2cmsis_nn_requantize(int32_t val, int32_t multiplier, int32_t shift);

/* Convolution (arm_convolve_*.c). ctx->buf must be non-NULL for _s8 and _1_x_n_s8 (ARG_ERROR otherwise). */
int32_t j2cmsis_convolve_wrapper_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                    const j2cmsis_nn_per_channel_quant_params *quant_params,
                                    const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                    const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                    const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                    const j2cmsis_nn_dims *output_dims, int8_t *output_data);
/* upscale_dims must be NULL (the transpose-conv use is not reproduced: NO_IMPL_ERROR otherwise). */
int32_t j2cmsis_convolve_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                            const j2cmsis_nn_per_channel_quant_params *quant_params, const j2cmsis_nn_dims *input_dims,
                            const int8_t *input_data, const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                            const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                            const j2cmsis_nn_dims *upscale_dims, const j2cmsis_nn_dims *output_dims,
                            int8_t *output_data);
int32_t j2cmsis_convolve_1x1_s8_fast(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                     const j2cmsis_nn_per_channel_quant_params *quant_params,
                                     const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                     const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                     const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                     const j2cmsis_nn_dims *output_dims, int8_t *output_data);
int32_t j2cmsis_convolve_1x1_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                const j2cmsis_nn_per_channel_quant_params *quant_params,
                                const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                const j2cmsis_nn_dims *output_dims, int8_t *output_data);
int32_t j2cmsis_convolve_1_x_n_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_conv_params *conv_params,
                                  const j2cmsis_nn_per_channel_quant_params *quant_params,
                                  const j2cmsis_nn_dims *input_dims, const int8_t *input_data,
                                  const j2cmsis_nn_dims *filter_dims, const int8_t *filter_data,
                                  const j2cmsis_nn_dims *bias_dims, const int32_t *bias_data,
                                  const j2cmsis_nn_dims *output_dims, int8_t *output_data);
int32_t j2cmsis_convolve_wrapper_s8_get_buffer_size(const j2cmsis_nn_conv_params *conv_params,
                                                    const j2cmsis_nn_dims *input_dims,
                                                    const j2cmsis_nn_dims *filter_dims,
                                                    const j2cmsis_nn_dims *output_dims);
int32_t j2cmsis_convolve_s8_get_buffer_size(const j2cmsis_nn_dims *input_dims, const j2cmsis_nn_dims *filter_dims);

/* Depthwise convolution (arm_depthwise_conv_*.c). */
int32_t j2cmsis_depthwise_conv_wrapper_s8(const j2cmsis_nn_context *ctx,
                                          const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                          const j2cmsis_nn_per_channel_quant_params *quant_params,
                                          const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                          const j2cmsis_nn_dims *filter_dims, const int8_t *filter,
                                          const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                          const j2cmsis_nn_dims *output_dims, int8_t *output);
int32_t j2cmsis_depthwise_conv_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                  const j2cmsis_nn_per_channel_quant_params *quant_params,
                                  const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                  const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                  const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                  const j2cmsis_nn_dims *output_dims, int8_t *output);
int32_t j2cmsis_depthwise_conv_s8_opt(const j2cmsis_nn_context *ctx, const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                      const j2cmsis_nn_per_channel_quant_params *quant_params,
                                      const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                      const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                      const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                      const j2cmsis_nn_dims *output_dims, int8_t *output);
/* Reads the pixel right of the input row when a window starts at the last input column (v7.0.0 quirk). */
int32_t j2cmsis_depthwise_conv_3x3_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                      const j2cmsis_nn_per_channel_quant_params *quant_params,
                                      const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                      const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                      const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                      const j2cmsis_nn_dims *output_dims, int8_t *output);
int32_t j2cmsis_depthwise_conv_wrapper_s8_get_buffer_size(const j2cmsis_nn_dw_conv_params *dw_conv_params,
                                                          const j2cmsis_nn_dims *input_dims,
                                                          const j2cmsis_nn_dims *filter_dims,
                                                          const j2cmsis_nn_dims *output_dims);

/* Fully connected (arm_fully_connected_*.c, arm_vector_sum_s8.c); ctx unused on the plain-C path. */
int32_t j2cmsis_fully_connected_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_fc_params *fc_params,
                                   const j2cmsis_nn_per_tensor_quant_params *quant_params,
                                   const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                   const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                   const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                   const j2cmsis_nn_dims *output_dims, int8_t *output);
int32_t j2cmsis_fully_connected_per_channel_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_fc_params *fc_params,
                                               const j2cmsis_nn_per_channel_quant_params *quant_params,
                                               const j2cmsis_nn_dims *input_dims, const int8_t *input,
                                               const j2cmsis_nn_dims *filter_dims, const int8_t *kernel,
                                               const j2cmsis_nn_dims *bias_dims, const int32_t *bias,
                                               const j2cmsis_nn_dims *output_dims, int8_t *output);
int32_t j2cmsis_vector_sum_s8(int32_t *vector_sum_buf, const int32_t vector_cols, const int32_t vector_rows,
                              const int8_t *vector_data, const int32_t lhs_offset, const int32_t rhs_offset,
                              const int32_t *bias_data);
int32_t j2cmsis_fully_connected_s8_get_buffer_size(const j2cmsis_nn_dims *filter_dims);

/* Pooling (arm_avgpool_s8.c, arm_max_pool_s8.c). */
int32_t j2cmsis_avgpool_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_pool_params *pool_params,
                           const j2cmsis_nn_dims *input_dims, const int8_t *src, const j2cmsis_nn_dims *filter_dims,
                           const j2cmsis_nn_dims *output_dims, int8_t *dst);
int32_t j2cmsis_max_pool_s8(const j2cmsis_nn_context *ctx, const j2cmsis_nn_pool_params *pool_params,
                            const j2cmsis_nn_dims *input_dims, const int8_t *src, const j2cmsis_nn_dims *filter_dims,
                            const j2cmsis_nn_dims *output_dims, int8_t *dst);
int32_t j2cmsis_avgpool_s8_get_buffer_size(const int output_x, const int ch_src);

/* arm_softmax_s8. */
void j2cmsis_softmax_s8(const int8_t *input, const int32_t num_rows, const int32_t row_size, const int32_t mult,
                        const int32_t shift, const int32_t diff_min, int8_t *output);

/* arm_elementwise_add_s8 (plain C: sign-extended values shifted by left_shift), arm_elementwise_mul_s8. */
int32_t j2cmsis_elementwise_add_s8(const int8_t *input_1_vect, const int8_t *input_2_vect,
                                   const int32_t input_1_offset, const int32_t input_1_mult,
                                   const int32_t input_1_shift, const int32_t input_2_offset,
                                   const int32_t input_2_mult, const int32_t input_2_shift, const int32_t left_shift,
                                   int8_t *output, const int32_t out_offset, const int32_t out_mult,
                                   const int32_t out_shift, const int32_t out_activation_min,
                                   const int32_t out_activation_max, const int32_t block_size);
int32_t j2cmsis_elementwise_mul_s8(const int8_t *input_1_vect, const int8_t *input_2_vect,
                                   const int32_t input_1_offset, const int32_t input_2_offset, int8_t *output,
                                   const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,
                                   const int32_t out_activation_min, const int32_t out_activation_max,
                                   const int32_t block_size);

/* arm_relu6_s8: clamps raw values to [0, 6] in place. */
void j2cmsis_relu6_s8(int8_t *data, uint16_t size);

/* arm_concatenation_s8_x: for NHWC tensors x is the channel axis (input_x = C_in, input_y = W, input_z = H,
 * input_w = N, output_x = C_out, offset_x = first output channel). */
void j2cmsis_concatenation_s8_x(const int8_t *input, const uint16_t input_x, const uint16_t input_y,
                                const uint16_t input_z, const uint16_t input_w, int8_t *output,
                                const uint16_t output_x, const uint32_t offset_x);

/* No CMSIS-NN namesake: output[i] = table[(uint8_t)input[i]] (int8 sigmoid/tanh tables made at generation time). */
void j2cmsis_lut_s8(const int8_t *input, int8_t *output, int32_t size, const int8_t table[256]);

#ifdef __cplusplus
}
#endif

#endif /* J2CMSIS_PORTABLE_S8_H */
