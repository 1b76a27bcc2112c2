/*
 * j2cmsis: portable C99 reproduction of the CMSIS-NN legacy q15 kernels of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), plus
 * the q7/q15 conversions a mixed q7/q15 network needs.
 *
 * Conventions as in j2cmsis_portable.h: every j2cmsis_* function computes, bit for bit, what the arm_* function
 * of the same name computes on the plain-C path (Cortex-M0/M3, host), unless its name ends in _dsp, which
 * reproduces the ARM_MATH_DSP path (Cortex-M4/M7/M33). Signatures mirror CMSIS 5.9.0 with q7_t/q15_t spelled
 * int8_t/int16_t and arm_status spelled int32_t, so this file links into the same program as the real CMSIS-NN
 * and as j2cmsis_portable.c. Rounding is NN_ROUND of 5.9.0: (1 << s) >> 1 in signed 32-bit. Shift arguments
 * must be 0..31. Accumulation wraps modulo 2^32 (as SMLAD does). The Java twins are ArmConvolveQ15,
 * ArmFullyConnectedQ15, ArmActivationsQ15, ArmSoftmaxQ15 and ArmConvertQ7Q15 in dev.j2cmsis.sim.kernels.
 */
#ifndef J2CMSIS_PORTABLE_Q15_H
#define J2CMSIS_PORTABLE_Q15_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef J2CMSIS_SUCCESS
#define J2CMSIS_SUCCESS 0
#endif
#ifndef J2CMSIS_SIZE_MISMATCH
#define J2CMSIS_SIZE_MISMATCH (-3)
#endif
#ifndef J2CMSIS_SIGMOID
#define J2CMSIS_SIGMOID 0
#endif
#ifndef J2CMSIS_TANH
#define J2CMSIS_TANH 1
#endif

/* Reference convolution; no checks; bufferA/bufferB unused (CMSIS's DSP path needs ch_im_in*k*k q15 of bufferA).
 * Both CMSIS paths give this result. */
int32_t j2cmsis_convolve_HWC_q15_basic(const int16_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                       const int16_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                       const uint16_t padding, const uint16_t stride, const int16_t *bias,
                                       const uint16_t bias_shift, const uint16_t out_shift, int16_t *Im_out,
                                       const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB);

/* Plain-C path of arm_convolve_HWC_q15_fast: SIZE_MISMATCH if ch_im_in % 2 or ch_im_out % 2, any dim_im_out. */
int32_t j2cmsis_convolve_HWC_q15_fast(const int16_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                      const int16_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                      const uint16_t padding, const uint16_t stride, const int16_t *bias,
                                      const uint16_t bias_shift, const uint16_t out_shift, int16_t *Im_out,
                                      const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB);

/* ARM_MATH_DSP path of arm_convolve_HWC_q15_fast: also SIZE_MISMATCH for an odd dim_im_out (a 5.9.0 check the
 * plain path lacks); otherwise the same result. bufferA unused here (CMSIS needs 2*ch_im_in*k*k q15). */
int32_t j2cmsis_convolve_HWC_q15_fast_dsp(const int16_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                          const int16_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                          const uint16_t padding, const uint16_t stride, const int16_t *bias,
                                          const uint16_t bias_shift, const uint16_t out_shift, int16_t *Im_out,
                                          const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB);

/* Reference nonsquare convolution; SIZE_MISMATCH if ch_im_in % 2 or ch_im_out % 2. Equals the CMSIS DSP path
 * only for an even dim_im_out_x: with an odd width that path silently computes wrong pixels and overruns bufferA
 * (not reproduced). bufferA/bufferB unused here. */
int32_t j2cmsis_convolve_HWC_q15_fast_nonsquare(const int16_t *Im_in, const uint16_t dim_im_in_x,
                                                const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                const int16_t *wt, const uint16_t ch_im_out,
                                                const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                const uint16_t padding_x, const uint16_t padding_y,
                                                const uint16_t stride_x, const uint16_t stride_y,
                                                const int16_t *bias, const uint16_t bias_shift,
                                                const uint16_t out_shift, int16_t *Im_out,
                                                const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                int16_t *bufferA, int8_t *bufferB);

/* Row-major matrix [num_of_rows][dim_vec]; vec_buffer unused. */
int32_t j2cmsis_fully_connected_q15(const int16_t *pV, const int16_t *pM, const uint16_t dim_vec,
                                    const uint16_t num_of_rows, const uint16_t bias_shift,
                                    const uint16_t out_shift, const int16_t *bias, int16_t *pOut,
                                    int16_t *vec_buffer);

/* Matrix in the q15_opt interleaved layout B (per 4 rows and 2 columns: r0c0 r0c1 r1c0 r1c1 r2c0 r2c1 r3c0
 * r3c1); vec_buffer unused. */
int32_t j2cmsis_fully_connected_q15_opt(const int16_t *pV, const int16_t *pM, const uint16_t dim_vec,
                                        const uint16_t num_of_rows, const uint16_t bias_shift,
                                        const uint16_t out_shift, const int16_t *bias, int16_t *pOut,
                                        int16_t *vec_buffer);

/* q15 vector, row-major q7 matrix, q7 bias, q15 output; vec_buffer unused. */
int32_t j2cmsis_fully_connected_mat_q7_vec_q15(const int16_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                               const uint16_t num_of_rows, const uint16_t bias_shift,
                                               const uint16_t out_shift, const int8_t *bias, int16_t *pOut,
                                               int16_t *vec_buffer);

/* Matrix in the mat_q7_vec_q15_opt interleaved layout C (per 4 rows and 2 columns: r0c0 r1c0 r0c1 r1c1 r2c0 r3c0
 * r2c1 r3c1); vec_buffer unused. */
int32_t j2cmsis_fully_connected_mat_q7_vec_q15_opt(const int16_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                                   const uint16_t num_of_rows, const uint16_t bias_shift,
                                                   const uint16_t out_shift, const int8_t *bias, int16_t *pOut,
                                                   int16_t *vec_buffer);

void j2cmsis_relu_q15(int16_t *data, uint16_t size);

/* type: J2CMSIS_SIGMOID (0) or anything else for tanh; int_width 0..11 (0..3 meaningful). */
void j2cmsis_nn_activations_direct_q15(int16_t *data, uint16_t size, uint16_t int_width, int32_t type);

/* p_out may equal vec_in. dim_vec == 0 writes nothing. */
void j2cmsis_softmax_q15(const int16_t *vec_in, const uint16_t dim_vec, int16_t *p_out);

/* arm_q7_to_q15_no_shift (5.9.0 keeps uint32_t blockSize here): pDst[n] = pSrc[n]. No overlap. */
void j2cmsis_q7_to_q15_no_shift(const int8_t *pSrc, int16_t *pDst, uint32_t blockSize);

/* Not in CMSIS: pDst[n] = sat8((pSrc[n] + NN_ROUND(right_shift)) >> right_shift), right_shift 0..31, the output
 * stage of every legacy kernel. No overlap. */
void j2cmsis_q15_to_q7(const int16_t *pSrc, int8_t *pDst, uint32_t blockSize, uint16_t right_shift);

/* Not in CMSIS: pDst[n] = sat16(pSrc[n] * 2^left_shift), exact for any left_shift. No overlap. */
void j2cmsis_q7_to_q15_shift(const int8_t *pSrc, int16_t *pDst, uint32_t blockSize, uint16_t left_shift);

#ifdef __cplusplus
}
#endif

#endif /* J2CMSIS_PORTABLE_Q15_H */
