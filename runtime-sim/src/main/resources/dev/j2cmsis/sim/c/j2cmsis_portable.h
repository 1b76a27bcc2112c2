/*
 * j2cmsis: portable C99 reproduction of CMSIS-NN legacy q7 kernels, CMSIS_5 5.9.0 (CMSIS-NN 3.1.0).
 *
 * Every j2cmsis_* function with an arm_* namesake computes, bit for bit, what that function computes on the
 * path named in its comment: the plain-C path (Cortex-M0/M3, host) unless the name ends in _dsp, which
 * reproduces the ARM_MATH_DSP path (Cortex-M4/M7/M33). Signatures mirror the CMSIS 5.9.0 prototypes with
 * q7_t/q15_t spelled int8_t/int16_t and arm_status spelled int32_t, so this file links into the same program
 * as the real CMSIS-NN. Rounding is NN_ROUND of 5.9.0: (1 << s) >> 1 in signed 32-bit (no ARM_NN_TRUNCATE).
 * Shift arguments must be 0..31. Assumes two's complement with arithmetic right shift of negative values
 * (gcc, clang, armcc). The Java twin is dev.j2cmsis.sim.kernels. The functions in the last section have no
 * arm_* namesake: CMSIS lacks them, j2cmsis generates them (Java twin: J2cmsisCustomQ7).
 */
#ifndef J2CMSIS_PORTABLE_H
#define J2CMSIS_PORTABLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define J2CMSIS_SUCCESS 0
#define J2CMSIS_SIZE_MISMATCH (-3)

#define J2CMSIS_SIGMOID 0
#define J2CMSIS_TANH 1

/* Reference convolution; no checks; bufferA/bufferB unused. */
int32_t j2cmsis_convolve_HWC_q7_basic(const int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                      const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                      const uint16_t padding, const uint16_t stride, const int8_t *bias,
                                      const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                      const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB);

/* Reference convolution; SIZE_MISMATCH if ch_im_in % 4 or ch_im_out % 2. Equals the CMSIS DSP path only when
 * padding <= dim_im_out and dim_im_out <= (dim_im_in + 2*padding - dim_kernel) / stride + 1. */
int32_t j2cmsis_convolve_HWC_q7_fast(const int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                     const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                     const uint16_t padding, const uint16_t stride, const int8_t *bias,
                                     const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                     const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB);

/* Reference convolution; SIZE_MISMATCH if ch_im_in != 3. */
int32_t j2cmsis_convolve_HWC_q7_RGB(const int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                    const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                    const uint16_t padding, const uint16_t stride, const int8_t *bias,
                                    const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                    const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB);

/* Reference convolution, x (width) before y; no checks; bufferA/bufferB unused. */
int32_t j2cmsis_convolve_HWC_q7_basic_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                                const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                const int8_t *wt, const uint16_t ch_im_out,
                                                const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                const uint16_t padding_x, const uint16_t padding_y,
                                                const uint16_t stride_x, const uint16_t stride_y, const int8_t *bias,
                                                const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                                const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                int16_t *bufferA, int8_t *bufferB);

/* Reference convolution; SIZE_MISMATCH if ch_im_in % 4 or ch_im_out % 2. Equals the CMSIS DSP path only when, on
 * each axis, padding <= dim_im_out and dim_im_out <= (dim_im_in + 2*padding - dim_kernel) / stride + 1. */
int32_t j2cmsis_convolve_HWC_q7_fast_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                               const uint16_t dim_im_in_y, const uint16_t ch_im_in, const int8_t *wt,
                                               const uint16_t ch_im_out, const uint16_t dim_kernel_x,
                                               const uint16_t dim_kernel_y, const uint16_t padding_x,
                                               const uint16_t padding_y, const uint16_t stride_x,
                                               const uint16_t stride_y, const int8_t *bias,
                                               const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
                                               const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                               int16_t *bufferA, int8_t *bufferB);

/* Reference convolution; SIZE_MISMATCH unless ch_im_in % 4 == 0, ch_im_out % 2 == 0, kernel 1x1, padding 0 and
 * stride 1. Equals the CMSIS DSP path only when dim_im_out_x <= dim_im_in_x and dim_im_out_y <= dim_im_in_y. */
int32_t j2cmsis_convolve_1x1_HWC_q7_fast_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                                   const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                   const int8_t *wt, const uint16_t ch_im_out,
                                                   const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                   const uint16_t padding_x, const uint16_t padding_y,
                                                   const uint16_t stride_x, const uint16_t stride_y,
                                                   const int8_t *bias, const uint16_t bias_shift,
                                                   const uint16_t out_shift, int8_t *Im_out,
                                                   const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                   int16_t *bufferA, int8_t *bufferB);

/* Depthwise (multiplier 1), weights [ky][kx][ch]; SIZE_MISMATCH if ch_im_in != ch_im_out. Same on both CMSIS
 * paths; bufferA/bufferB unused. */
int32_t j2cmsis_depthwise_separable_conv_HWC_q7(const int8_t *Im_in, const uint16_t dim_im_in,
                                                const uint16_t ch_im_in, const int8_t *wt, const uint16_t ch_im_out,
                                                const uint16_t dim_kernel, const uint16_t padding,
                                                const uint16_t stride, const int8_t *bias, const uint16_t bias_shift,
                                                const uint16_t out_shift, int8_t *Im_out, const uint16_t dim_im_out,
                                                int16_t *bufferA, int8_t *bufferB);

int32_t j2cmsis_depthwise_separable_conv_HWC_q7_nonsquare(
    const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y, const uint16_t ch_im_in,
    const int8_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
    const uint16_t padding_x, const uint16_t padding_y, const uint16_t stride_x, const uint16_t stride_y,
    const int8_t *bias, const uint16_t bias_shift, const uint16_t out_shift, int8_t *Im_out,
    const uint16_t dim_im_out_x, const uint16_t dim_im_out_y, int16_t *bufferA, int8_t *bufferB);

/* Row-major matrix [num_of_rows][dim_vec]; vec_buffer unused. */
int32_t j2cmsis_fully_connected_q7(const int8_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                   const uint16_t num_of_rows, const uint16_t bias_shift,
                                   const uint16_t out_shift, const int8_t *bias, int8_t *pOut,
                                   int16_t *vec_buffer);

/* Matrix in the q7_opt interleaved layout (same on both CMSIS paths); vec_buffer unused. */
int32_t j2cmsis_fully_connected_q7_opt(const int8_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                       const uint16_t num_of_rows, const uint16_t bias_shift,
                                       const uint16_t out_shift, const int8_t *bias, int8_t *pOut,
                                       int16_t *vec_buffer);

/* Plain-C path: input untouched, empty window gives +127. */
void j2cmsis_maxpool_q7_HWC(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                            const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                            const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out);

/* ARM_MATH_DSP path: separable, destroys Im_in. Needs dim_im_out <= dim_im_in and every window starting inside
 * the image ((dim_im_out - 1) * stride - padding < dim_im_in). bufferA unused. */
void j2cmsis_maxpool_q7_HWC_dsp(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                                const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out);

/* Plain-C path: sum / count truncated; an empty window stores 0 (Cortex-M SDIV; the CMSIS code traps on x86). */
void j2cmsis_avepool_q7_HWC(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                            const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                            const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out);

/* ARM_MATH_DSP path: two truncating divisions, destroys Im_in; same preconditions as the max variant.
 * bufferA: 2 * dim_im_out * ch_im_in bytes of scratch, any alignment. */
void j2cmsis_avepool_q7_HWC_dsp(int8_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride,
                                const uint16_t dim_im_out, int8_t *bufferA, int8_t *Im_out);

void j2cmsis_relu_q7(int8_t *data, uint16_t size);

/* type: J2CMSIS_SIGMOID (0) or anything else for tanh; int_width 0..3. */
void j2cmsis_nn_activations_direct_q7(int8_t *data, uint16_t size, uint16_t int_width, int32_t type);

/* p_out may equal vec_in. dim_vec == 0 writes nothing. */
void j2cmsis_softmax_q7(const int8_t *vec_in, const uint16_t dim_vec, int8_t *p_out);

/*
 * Kernels CMSIS lacks: not in CMSIS; generated by j2cmsis. No arm_* twin exists; the Java twin is
 * dev.j2cmsis.sim.kernels.J2cmsisCustomQ7. R(s) below is NN_ROUND of 5.9.0, (1 << s) >> 1 in signed 32-bit.
 */

/* Plain-C pooling semantics of arm_maxpool_q7_HWC per axis: window rows y*stride_y - padding_y .. + dim_kernel_y - 1
 * (columns likewise), clipped to the image, padded positions ignored; an empty window gives +127. Equal axes give
 * exactly the plain-C arm_maxpool_q7_HWC. Im_in is not modified; Im_out must not overlap it. */
void j2cmsis_maxpool_q7_HWC_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                      const uint16_t ch_im_in, const uint16_t dim_kernel_x,
                                      const uint16_t dim_kernel_y, const uint16_t padding_x, const uint16_t padding_y,
                                      const uint16_t stride_x, const uint16_t stride_y, const uint16_t dim_im_out_x,
                                      const uint16_t dim_im_out_y, int8_t *Im_out);

/* Same windows; out = trunc(sum / count), count = in-image elements (one division, unlike the CMSIS DSP path); an
 * empty window gives 0. Equal axes give the plain-C arm_avepool_q7_HWC. Im_in is not modified. */
void j2cmsis_avepool_q7_HWC_nonsquare(const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                      const uint16_t ch_im_in, const uint16_t dim_kernel_x,
                                      const uint16_t dim_kernel_y, const uint16_t padding_x, const uint16_t padding_y,
                                      const uint16_t stride_x, const uint16_t stride_y, const uint16_t dim_im_out_x,
                                      const uint16_t dim_im_out_y, int8_t *Im_out);

/* Not in CMSIS: as j2cmsis_avepool_q7_HWC_nonsquare, but the window sum is shifted left by out_lshift (0..7)
   before the one truncating division, and the result saturated: an average that gains fractional bits, so the
   pool's output can have a finer Q format than its input (CMSIS's pools cannot rescale). */
void j2cmsis_avepool_q7_HWC_nonsquare_shift(const int8_t *Im_in, const uint16_t dim_im_in_x,
                                            const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                            const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                            const uint16_t padding_x, const uint16_t padding_y,
                                            const uint16_t stride_x, const uint16_t stride_y,
                                            const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                            const uint16_t out_lshift, int8_t *Im_out);

/* Element-wise add across Q formats: a in Q(7-fa).fa, b in Q(7-fb).fb, out in Q(7-fo).fo; with f = max(fa, fb, fo)
 * pass a_lshift = f - fa, b_lshift = f - fb, out_rshift = f - fo. Then
 *   out[i] = sat8(((a[i] << a_lshift) + (b[i] << b_lshift) + R(out_rshift)) >> out_rshift)
 * in wrapping 32-bit two's complement, arithmetic right shift (round half up). Shifts 0..31; no wrap while both
 * left shifts are <= 22. out may equal a or b (not a partial overlap). */
void j2cmsis_add_q7(const int8_t *a, const uint16_t a_lshift, const int8_t *b, const uint16_t b_lshift,
                    const uint16_t out_rshift, int8_t *out, const uint32_t size);

/* Channel concatenation of two HWC tensors of dim_y rows and dim_x columns: per pixel, ch_a bytes of a then ch_b
 * bytes of b. A copy: both inputs must already be in the output format (see j2cmsis_q7_rescale). out must not
 * overlap a or b. */
void j2cmsis_concat_q7_HWC_ch(const int8_t *a, const uint16_t ch_a, const int8_t *b, const uint16_t ch_b,
                              const uint16_t dim_x, const uint16_t dim_y, int8_t *out);

/* Requantise by a power of two, shift in -31..31 (Q(7-f).f to Q(7-g).g: shift = g - f):
 *   shift >= 0: out[i] = sat8(in[i] * 2^shift) (exact for any shift);
 *   shift <  0: out[i] = sat8((in[i] + R(-shift)) >> -shift) (round half up; -31 gives -1 everywhere, as R(31)).
 * out may equal in. */
void j2cmsis_q7_rescale(const int8_t *in, const int16_t shift, int8_t *out, const uint32_t size);

/* Not in CMSIS: j2cmsis's own convolution for cores with the DSP extension, faster than CMSIS's _fast/_RGB/basic
 * kernels on the same bytes. It computes the reference convolution (what j2cmsis_convolve_HWC_q7_basic_nonsquare
 * computes: per output sat8((bias << bias_shift) + NN_ROUND(out_shift) + sum) >> out_shift), for any ch_in, ch_out,
 * kernel, padding and stride, from weights the generator widened to q15 in this layout (the Java twin of the
 * layout is dev.j2cmsis.sim.kernels.J2cmsisWideConv):
 *   K = ch_in * kernel_x * kernel_y taps in [ky][kx][ch] order, padded with zero weights to Kp, a multiple of 4;
 *   output channels in pairs, each pair's two rows interleaved in blocks of 4 (row r k0..3, row r+1 k0..3,
 *   row r k4..7, ...), an odd last row on its own; when ch_in % 4 == 0 each block of 4 is stored k0, k2, k1, k3
 *   (the order __SXTB16 widens 4 input bytes in). wt must be 4-byte aligned.
 * bufferA: 2 * Kp q15 (two im2col columns, interleaved in blocks of 4), 4-byte aligned. Returns SIZE_MISMATCH when
 * K >= 65536. Im_out must not overlap Im_in. */
int32_t j2cmsis_convolve_HWC_q7_wide(const int8_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                     const uint16_t ch_im_in, const int16_t *wt, const uint16_t ch_im_out,
                                     const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                     const uint16_t padding_x, const uint16_t padding_y, const uint16_t stride_x,
                                     const uint16_t stride_y, const int8_t *bias, const uint16_t bias_shift,
                                     const uint16_t out_shift, int8_t *Im_out, const uint16_t dim_im_out_x,
                                     const uint16_t dim_im_out_y, int16_t *bufferA);

/* The DWT cycle counter (not a kernel; the serial harness and -D<NET>_PROFILE use it). On Armv7-M and Armv8-M
 * Mainline cores, j2cmsis_cycles_start() powers the DWT, starts CYCCNT and returns 1 if it counts (0 on a core
 * without one, and under QEMU, which accepts the writes but never counts); elsewhere, or with -DJ2CMSIS_NO_DWT,
 * it returns 0. j2cmsis_cycles_now() reads the counter (0 where there is none). */
int j2cmsis_cycles_start(void);
uint32_t j2cmsis_cycles_now(void);

#ifdef __cplusplus
}
#endif

#endif /* J2CMSIS_PORTABLE_H */
