/*
 * j2cmsis: portable C99 reproduction of the CMSIS-NN legacy q15 kernels of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0) and of
 * the q7/q15 conversions. See j2cmsis_portable_q15.h. Written from the documented integer semantics, not from the
 * CMSIS sources. Accumulators are uint32_t so that wrapping is defined; the conversion back to int32_t and the
 * arithmetic right shift are the implementation-defined behaviours of every supported compiler.
 */
#include "j2cmsis_portable_q15.h"

#include <string.h>

/* NN_ROUND of 5.9.0: (1 << s) >> 1 in signed 32-bit, i.e. -2^30 for s = 31. */
static int32_t j2cmsis_q15_round(uint16_t s)
{
    return ((int32_t)((uint32_t)1u << s)) >> 1;
}

static uint32_t j2cmsis_q15_init(int32_t bias, uint16_t bias_shift, uint16_t out_shift)
{
    return ((uint32_t)bias << bias_shift) + (uint32_t)j2cmsis_q15_round(out_shift);
}

static int8_t j2cmsis_q15_sat8(int32_t v)
{
    return (int8_t)(v > 127 ? 127 : (v < -128 ? -128 : v));
}

static int16_t j2cmsis_q15_sat16(int32_t v)
{
    return (int16_t)(v > 32767 ? 32767 : (v < -32768 ? -32768 : v));
}

static int16_t j2cmsis_q15_out(uint32_t acc, uint16_t out_shift)
{
    return j2cmsis_q15_sat16(((int32_t)acc) >> out_shift);
}

static int j2cmsis_q15_max(int a, int b)
{
    return a > b ? a : b;
}

static int j2cmsis_q15_min(int a, int b)
{
    return a < b ? a : b;
}

/* The reference loop of all q15 convolutions (square ones pass x == y); the in-image taps of one kernel row are
 * contiguous in the input and in the weights, so they form one dot product. */
static void j2cmsis_q15_conv(const int16_t *Im_in, int in_x, int in_y, int ch_in, const int16_t *wt, int ch_out,
                             int kx, int ky, int pad_x, int pad_y, int stride_x, int stride_y, const int16_t *bias,
                             uint16_t bias_shift, uint16_t out_shift, int16_t *Im_out, int out_x, int out_y)
{
    const int wt_per_out = ch_in * kx * ky;
    int j, x, co, m, t;
    for (j = 0; j < out_y; j++)
    {
        const int y0 = stride_y * j - pad_y;
        const int m_start = j2cmsis_q15_max(0, -y0);
        const int m_end = j2cmsis_q15_min(ky, in_y - y0);
        for (x = 0; x < out_x; x++)
        {
            const int x0 = stride_x * x - pad_x;
            const int n_start = j2cmsis_q15_max(0, -x0);
            const int n_end = j2cmsis_q15_min(kx, in_x - x0);
            const int run = (n_end - n_start) * ch_in;
            int16_t *out = Im_out + (j * out_x + x) * ch_out;
            for (co = 0; co < ch_out; co++)
            {
                uint32_t acc = j2cmsis_q15_init(bias[co], bias_shift, out_shift);
                if (run > 0)
                {
                    const int16_t *w_base = wt + co * wt_per_out + n_start * ch_in;
                    for (m = m_start; m < m_end; m++)
                    {
                        const int16_t *ip = Im_in + ((y0 + m) * in_x + x0 + n_start) * ch_in;
                        const int16_t *wp = w_base + m * kx * ch_in;
                        for (t = 0; t < run; t++)
                        {
                            acc += (uint32_t)((int32_t)ip[t] * wp[t]);
                        }
                    }
                }
                out[co] = j2cmsis_q15_out(acc, out_shift);
            }
        }
    }
}

int32_t j2cmsis_convolve_HWC_q15_basic(const int16_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                       const int16_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                       const uint16_t padding, const uint16_t stride, const int16_t *bias,
                                       const uint16_t bias_shift, const uint16_t out_shift, int16_t *Im_out,
                                       const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    j2cmsis_q15_conv(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, dim_kernel, padding, padding,
                     stride, stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_convolve_HWC_q15_fast(const int16_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                      const int16_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                      const uint16_t padding, const uint16_t stride, const int16_t *bias,
                                      const uint16_t bias_shift, const uint16_t out_shift, int16_t *Im_out,
                                      const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in % 2 != 0 || ch_im_out % 2 != 0)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    j2cmsis_q15_conv(Im_in, dim_im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, dim_kernel, padding, padding,
                     stride, stride, bias, bias_shift, out_shift, Im_out, dim_im_out, dim_im_out);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_convolve_HWC_q15_fast_dsp(const int16_t *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in,
                                          const int16_t *wt, const uint16_t ch_im_out, const uint16_t dim_kernel,
                                          const uint16_t padding, const uint16_t stride, const int16_t *bias,
                                          const uint16_t bias_shift, const uint16_t out_shift, int16_t *Im_out,
                                          const uint16_t dim_im_out, int16_t *bufferA, int8_t *bufferB)
{
    /* the odd-output check exists on the DSP path only (added in 5.9.0) */
    if (dim_im_out & 1u)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    return j2cmsis_convolve_HWC_q15_fast(Im_in, dim_im_in, ch_im_in, wt, ch_im_out, dim_kernel, padding, stride,
                                         bias, bias_shift, out_shift, Im_out, dim_im_out, bufferA, bufferB);
}

int32_t j2cmsis_convolve_HWC_q15_fast_nonsquare(const int16_t *Im_in, const uint16_t dim_im_in_x,
                                                const uint16_t dim_im_in_y, const uint16_t ch_im_in,
                                                const int16_t *wt, const uint16_t ch_im_out,
                                                const uint16_t dim_kernel_x, const uint16_t dim_kernel_y,
                                                const uint16_t padding_x, const uint16_t padding_y,
                                                const uint16_t stride_x, const uint16_t stride_y,
                                                const int16_t *bias, const uint16_t bias_shift,
                                                const uint16_t out_shift, int16_t *Im_out,
                                                const uint16_t dim_im_out_x, const uint16_t dim_im_out_y,
                                                int16_t *bufferA, int8_t *bufferB)
{
    (void)bufferA;
    (void)bufferB;
    if (ch_im_in % 2 != 0 || ch_im_out % 2 != 0)
    {
        return J2CMSIS_SIZE_MISMATCH;
    }
    j2cmsis_q15_conv(Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, wt, ch_im_out, dim_kernel_x, dim_kernel_y,
                     padding_x, padding_y, stride_x, stride_y, bias, bias_shift, out_shift, Im_out, dim_im_out_x,
                     dim_im_out_y);
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_fully_connected_q15(const int16_t *pV, const int16_t *pM, const uint16_t dim_vec,
                                    const uint16_t num_of_rows, const uint16_t bias_shift,
                                    const uint16_t out_shift, const int16_t *bias, int16_t *pOut,
                                    int16_t *vec_buffer)
{
    int r, j;
    (void)vec_buffer;
    for (r = 0; r < num_of_rows; r++)
    {
        uint32_t acc = j2cmsis_q15_init(bias[r], bias_shift, out_shift);
        const int16_t *row = pM + r * dim_vec;
        for (j = 0; j < dim_vec; j++)
        {
            acc += (uint32_t)((int32_t)pV[j] * row[j]);
        }
        pOut[r] = j2cmsis_q15_out(acc, out_shift);
    }
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_fully_connected_q15_opt(const int16_t *pV, const int16_t *pM, const uint16_t dim_vec,
                                        const uint16_t num_of_rows, const uint16_t bias_shift,
                                        const uint16_t out_shift, const int16_t *bias, int16_t *pOut,
                                        int16_t *vec_buffer)
{
    const int16_t *pB = pM;
    int g, c, q, r, j;
    (void)vec_buffer;
    for (g = 0; g < num_of_rows / 4; g++)
    {
        uint32_t s[4];
        for (q = 0; q < 4; q++)
        {
            s[q] = j2cmsis_q15_init(bias[4 * g + q], bias_shift, out_shift);
        }
        for (c = 0; c + 1 < dim_vec; c += 2)
        {
            for (q = 0; q < 4; q++)
            {
                s[q] += (uint32_t)((int32_t)pV[c] * pB[0]) + (uint32_t)((int32_t)pV[c + 1] * pB[1]);
                pB += 2;
            }
        }
        if (dim_vec & 1u)
        {
            for (q = 0; q < 4; q++)
            {
                s[q] += (uint32_t)((int32_t)pV[dim_vec - 1] * *pB++);
            }
        }
        for (q = 0; q < 4; q++)
        {
            pOut[4 * g + q] = j2cmsis_q15_out(s[q], out_shift);
        }
    }
    for (r = num_of_rows & ~3; r < num_of_rows; r++)
    {
        uint32_t acc = j2cmsis_q15_init(bias[r], bias_shift, out_shift);
        for (j = 0; j < dim_vec; j++)
        {
            acc += (uint32_t)((int32_t)pV[j] * *pB++);
        }
        pOut[r] = j2cmsis_q15_out(acc, out_shift);
    }
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_fully_connected_mat_q7_vec_q15(const int16_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                               const uint16_t num_of_rows, const uint16_t bias_shift,
                                               const uint16_t out_shift, const int8_t *bias, int16_t *pOut,
                                               int16_t *vec_buffer)
{
    int r, j;
    (void)vec_buffer;
    for (r = 0; r < num_of_rows; r++)
    {
        uint32_t acc = j2cmsis_q15_init(bias[r], bias_shift, out_shift);
        const int8_t *row = pM + r * dim_vec;
        for (j = 0; j < dim_vec; j++)
        {
            acc += (uint32_t)((int32_t)pV[j] * row[j]);
        }
        pOut[r] = j2cmsis_q15_out(acc, out_shift);
    }
    return J2CMSIS_SUCCESS;
}

int32_t j2cmsis_fully_connected_mat_q7_vec_q15_opt(const int16_t *pV, const int8_t *pM, const uint16_t dim_vec,
                                                   const uint16_t num_of_rows, const uint16_t bias_shift,
                                                   const uint16_t out_shift, const int8_t *bias, int16_t *pOut,
                                                   int16_t *vec_buffer)
{
    /* byte k of an 8-byte block belongs to row ROW_OF[k] of the group and column COL_OF[k] of the pair */
    static const uint8_t ROW_OF[8] = {0, 1, 0, 1, 2, 3, 2, 3};
    static const uint8_t COL_OF[8] = {0, 0, 1, 1, 0, 0, 1, 1};
    const int8_t *pB = pM;
    int g, c, q, k, r, j;
    (void)vec_buffer;
    for (g = 0; g < num_of_rows / 4; g++)
    {
        uint32_t s[4];
        for (q = 0; q < 4; q++)
        {
            s[q] = j2cmsis_q15_init(bias[4 * g + q], bias_shift, out_shift);
        }
        for (c = 0; c + 1 < dim_vec; c += 2)
        {
            for (k = 0; k < 8; k++)
            {
                s[ROW_OF[k]] += (uint32_t)((int32_t)pV[c + COL_OF[k]] * pB[k]);
            }
            pB += 8;
        }
        if (dim_vec & 1u)
        {
            for (q = 0; q < 4; q++)
            {
                s[q] += (uint32_t)((int32_t)pV[dim_vec - 1] * *pB++);
            }
        }
        for (q = 0; q < 4; q++)
        {
            pOut[4 * g + q] = j2cmsis_q15_out(s[q], out_shift);
        }
    }
    for (r = num_of_rows & ~3; r < num_of_rows; r++)
    {
        uint32_t acc = j2cmsis_q15_init(bias[r], bias_shift, out_shift);
        for (j = 0; j < dim_vec; j++)
        {
            acc += (uint32_t)((int32_t)pV[j] * *pB++);
        }
        pOut[r] = j2cmsis_q15_out(acc, out_shift);
    }
    return J2CMSIS_SUCCESS;
}

void j2cmsis_relu_q15(int16_t *data, uint16_t size)
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

/* Entry i: f(x) for x = (int8_t)i / 16, as clamp(floor(f(x) * 32768 + 0.5), -32768, 32767). */
static const int16_t j2cmsis_sigmoid_q15[256] = {
    16384, 16896, 17407, 17916, 18421, 18923, 19420, 19912, 20397, 20874, 21344, 21804, 22255, 22696, 23127, 23547,
    23955, 24352, 24737, 25110, 25471, 25819, 26155, 26479, 26790, 27090, 27377, 27653, 27917, 28169, 28411, 28642,
    28862, 29072, 29272, 29462, 29644, 29816, 29979, 30135, 30282, 30422, 30555, 30680, 30799, 30912, 31018, 31119,
    31214, 31304, 31389, 31469, 31545, 31616, 31684, 31747, 31807, 31864, 31917, 31968, 32015, 32060, 32102, 32141,
    32179, 32214, 32247, 32278, 32307, 32335, 32361, 32385, 32408, 32430, 32450, 32469, 32487, 32504, 32520, 32535,
    32549, 32562, 32574, 32586, 32597, 32607, 32617, 32626, 32635, 32643, 32650, 32657, 32664, 32670, 32676, 32682,
    32687, 32692, 32696, 32701, 32705, 32709, 32712, 32716, 32719, 32722, 32725, 32727, 32730, 32732, 32734, 32736,
    32738, 32740, 32742, 32743, 32745, 32746, 32747, 32749, 32750, 32751, 32752, 32753, 32754, 32755, 32756, 32756,
    11, 12, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 25, 26, 28,
    30, 32, 34, 36, 38, 41, 43, 46, 49, 52, 56, 59, 63, 67, 72, 76,
    81, 86, 92, 98, 104, 111, 118, 125, 133, 142, 151, 161, 171, 182, 194, 206,
    219, 233, 248, 264, 281, 299, 318, 338, 360, 383, 407, 433, 461, 490, 521, 554,
    589, 627, 666, 708, 753, 800, 851, 904, 961, 1021, 1084, 1152, 1223, 1299, 1379, 1464,
    1554, 1649, 1750, 1856, 1969, 2088, 2213, 2346, 2486, 2633, 2789, 2952, 3124, 3306, 3496, 3696,
    3906, 4126, 4357, 4599, 4851, 5115, 5391, 5678, 5978, 6289, 6613, 6949, 7297, 7658, 8031, 8416,
    8813, 9221, 9641, 10072, 10513, 10964, 11424, 11894, 12371, 12856, 13348, 13845, 14347, 14852, 15361, 15872,
};

static const int16_t j2cmsis_tanh_q15[256] = {
    0, 2045, 4075, 6073, 8025, 9919, 11743, 13486, 15143, 16706, 18173, 19542, 20813, 21986, 23066, 24054,
    24956, 25776, 26519, 27191, 27797, 28341, 28830, 29268, 29660, 30010, 30322, 30600, 30847, 31067, 31262, 31435,
    31589, 31726, 31846, 31953, 32048, 32132, 32206, 32271, 32329, 32381, 32426, 32466, 32501, 32532, 32560, 32584,
    32606, 32625, 32642, 32657, 32670, 32681, 32691, 32700, 32708, 32715, 32721, 32727, 32732, 32736, 32740, 32743,
    32746, 32749, 32751, 32753, 32755, 32756, 32758, 32759, 32760, 32761, 32762, 32762, 32763, 32764, 32764, 32765,
    32765, 32765, 32766, 32766, 32766, 32766, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
    32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
    32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
    -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768,
    -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768,
    -32768, -32768, -32767, -32767, -32767, -32767, -32767, -32767, -32767, -32767, -32767, -32766, -32766, -32766, -32766, -32765,
    -32765, -32765, -32764, -32764, -32763, -32762, -32762, -32761, -32760, -32759, -32758, -32756, -32755, -32753, -32751, -32749,
    -32746, -32743, -32740, -32736, -32732, -32727, -32721, -32715, -32708, -32700, -32691, -32681, -32670, -32657, -32642, -32625,
    -32606, -32584, -32560, -32532, -32501, -32466, -32426, -32381, -32329, -32271, -32206, -32132, -32048, -31953, -31846, -31726,
    -31589, -31435, -31262, -31067, -30847, -30600, -30322, -30010, -29660, -29268, -28830, -28341, -27797, -27191, -26519, -25776,
    -24956, -24054, -23066, -21986, -20813, -19542, -18173, -16706, -15143, -13486, -11743, -9919, -8025, -6073, -4075, -2045,
};

void j2cmsis_nn_activations_direct_q15(int16_t *data, uint16_t size, uint16_t int_width, int32_t type)
{
    const int16_t *table = type == J2CMSIS_SIGMOID ? j2cmsis_sigmoid_q15 : j2cmsis_tanh_q15;
    const uint16_t shift = (uint16_t)(11 - int_width);
    const uint32_t mask = 0x7FFu >> int_width;
    const int32_t full_frac = (int32_t)mask + 1;
    uint16_t i;
    for (i = 0; i < size; i++)
    {
        const int32_t in = data[i];
        const int32_t frac = (int32_t)((uint32_t)in & mask);
        const int32_t idx = in >> shift;
        const int32_t value = table[(uint8_t)idx];
        if (idx != 0x7F)
        {
            /* linear interpolation toward the next entry; the top entry has none */
            const int32_t value2 = table[(uint8_t)(idx + 1)];
            data[i] = (int16_t)(((full_frac - frac) * value + value2 * frac) >> shift);
        }
        else
        {
            data[i] = (int16_t)value;
        }
    }
}

void j2cmsis_softmax_q15(const int16_t *vec_in, const uint16_t dim_vec, int16_t *p_out)
{
    int32_t max = -0x100000;
    int32_t base, sum = 0, output_base;
    uint16_t i;
    if (dim_vec == 0)
    {
        return;
    }
    for (i = 0; i < dim_vec; i++)
    {
        if (vec_in[i] > max)
        {
            max = vec_in[i];
        }
    }
    /* base-2 softmax over the top 16 steps; everything at or below base is 0 */
    base = max - 16;
    for (i = 0; i < dim_vec; i++)
    {
        if (vec_in[i] > base)
        {
            sum += (int32_t)1 << (vec_in[i] - base);
        }
    }
    output_base = (int32_t)(((int64_t)1 << 32) / sum);
    for (i = 0; i < dim_vec; i++)
    {
        const int32_t x = vec_in[i];
        p_out[i] = x > base ? j2cmsis_q15_sat16(output_base >> (17 + base - x)) : 0;
    }
}

void j2cmsis_q7_to_q15_no_shift(const int8_t *pSrc, int16_t *pDst, uint32_t blockSize)
{
    uint32_t i;
    for (i = 0; i < blockSize; i++)
    {
        pDst[i] = pSrc[i];
    }
}

void j2cmsis_q15_to_q7(const int16_t *pSrc, int8_t *pDst, uint32_t blockSize, uint16_t right_shift)
{
    const int32_t round = j2cmsis_q15_round(right_shift);
    uint32_t i;
    for (i = 0; i < blockSize; i++)
    {
        pDst[i] = j2cmsis_q15_sat8((int32_t)((uint32_t)(int32_t)pSrc[i] + (uint32_t)round) >> right_shift);
    }
}

void j2cmsis_q7_to_q15_shift(const int8_t *pSrc, int16_t *pDst, uint32_t blockSize, uint16_t left_shift)
{
    /* for a non-zero int8 value any shift >= 15 already reaches a bound, so 15 stands for all of them */
    const int s = left_shift > 15 ? 15 : left_shift;
    uint32_t i;
    for (i = 0; i < blockSize; i++)
    {
        pDst[i] = j2cmsis_q15_sat16((int32_t)pSrc[i] * ((int32_t)1 << s));
    }
}

/* ---- kernels CMSIS lacks: not in CMSIS; generated by j2cmsis ---- */

static void j2cmsis_q15_pool_nonsquare(int is_max, const int16_t *Im_in, int in_x, int in_y, int ch, int k_x,
                                       int k_y, int pad_x, int pad_y, int stride_x, int stride_y, int out_x,
                                       int out_y, int16_t *Im_out)
{
    int y, x, c, iy, ix;
    for (y = 0; y < out_y; y++)
    {
        const int y0 = y * stride_y - pad_y;
        const int ys = j2cmsis_q15_max(0, y0);
        const int ye = j2cmsis_q15_min(in_y, y0 + k_y);
        for (x = 0; x < out_x; x++)
        {
            const int x0 = x * stride_x - pad_x;
            const int xs = j2cmsis_q15_max(0, x0);
            const int xe = j2cmsis_q15_min(in_x, x0 + k_x);
            const int32_t count = (int32_t)j2cmsis_q15_max(0, ye - ys) * j2cmsis_q15_max(0, xe - xs);
            int16_t *out = Im_out + (y * out_x + x) * ch;
            for (c = 0; c < ch; c++)
            {
                /* one below INT16_MIN, like the -129 of the q7 plain-C loop; stored as +32767 if never replaced */
                int32_t max = -32769;
                uint32_t sum = 0; /* unsigned so that a (huge) window wraps as the Java int does */
                for (iy = ys; iy < ye; iy++)
                {
                    const int16_t *p = Im_in + (iy * in_x + xs) * ch + c;
                    for (ix = xs; ix < xe; ix++, p += ch)
                    {
                        if (!is_max)
                        {
                            sum += (uint32_t)(int32_t)*p;
                        }
                        else if (*p > max)
                        {
                            max = *p;
                        }
                    }
                }
                if (is_max)
                {
                    out[c] = (int16_t)(uint16_t)((uint32_t)max & 0xFFFFu);
                }
                else
                {
                    out[c] = (int16_t)(count == 0 ? 0 : (int32_t)sum / count);
                }
            }
        }
    }
}

void j2cmsis_maxpool_q15_HWC_nonsquare(const int16_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                       const uint16_t ch_im_in, const uint16_t dim_kernel_x,
                                       const uint16_t dim_kernel_y, const uint16_t padding_x,
                                       const uint16_t padding_y, const uint16_t stride_x, const uint16_t stride_y,
                                       const uint16_t dim_im_out_x, const uint16_t dim_im_out_y, int16_t *Im_out)
{
    j2cmsis_q15_pool_nonsquare(1, Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, dim_kernel_x, dim_kernel_y, padding_x,
                               padding_y, stride_x, stride_y, dim_im_out_x, dim_im_out_y, Im_out);
}

void j2cmsis_avepool_q15_HWC_nonsquare(const int16_t *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y,
                                       const uint16_t ch_im_in, const uint16_t dim_kernel_x,
                                       const uint16_t dim_kernel_y, const uint16_t padding_x,
                                       const uint16_t padding_y, const uint16_t stride_x, const uint16_t stride_y,
                                       const uint16_t dim_im_out_x, const uint16_t dim_im_out_y, int16_t *Im_out)
{
    j2cmsis_q15_pool_nonsquare(0, Im_in, dim_im_in_x, dim_im_in_y, ch_im_in, dim_kernel_x, dim_kernel_y, padding_x,
                               padding_y, stride_x, stride_y, dim_im_out_x, dim_im_out_y, Im_out);
}
