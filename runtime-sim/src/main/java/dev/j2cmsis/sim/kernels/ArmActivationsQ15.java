package dev.j2cmsis.sim.kernels;

/**
 * q15 activations of CMSIS_5 5.9.0 (CMSIS-NN 3.1.0), {@code CMSIS/NN/Source/ActivationFunctions/arm_relu_q15.c}
 * and {@code arm_nn_activations_q15.c}. Both work in place; the plain-C and DSP paths are identical (relu's DSP
 * branch masks negative lanes two at a time, with the same result).
 */
public final class ArmActivationsQ15 {

    /** {@code ARM_SIGMOID} of {@code arm_nn_activation_type}. */
    public static final int ARM_SIGMOID = 0;
    /** {@code ARM_TANH} of {@code arm_nn_activation_type}. */
    public static final int ARM_TANH = 1;

    /**
     * The 256-entry q15 sigmoid table: entry i stands for x = (int8) i / 16 (Q3.4) and holds
     * {@code clamp(floor(sigmoid(x) * 32768 + 0.5), -32768, 32767)}, derived from that formula with
     * {@code StrictMath}; equal to {@code sigmoidTable_q15} of {@code arm_nntables.c} (checked by the tests when
     * CMSIS_PATH is set). Embedded rather than computed so no libm rounding can move an entry.
     */
    static final short[] SIGMOID_TABLE_Q15 = {
            16384, 16896, 17407, 17916, 18421, 18923, 19420, 19912,
            20397, 20874, 21344, 21804, 22255, 22696, 23127, 23547,
            23955, 24352, 24737, 25110, 25471, 25819, 26155, 26479,
            26790, 27090, 27377, 27653, 27917, 28169, 28411, 28642,
            28862, 29072, 29272, 29462, 29644, 29816, 29979, 30135,
            30282, 30422, 30555, 30680, 30799, 30912, 31018, 31119,
            31214, 31304, 31389, 31469, 31545, 31616, 31684, 31747,
            31807, 31864, 31917, 31968, 32015, 32060, 32102, 32141,
            32179, 32214, 32247, 32278, 32307, 32335, 32361, 32385,
            32408, 32430, 32450, 32469, 32487, 32504, 32520, 32535,
            32549, 32562, 32574, 32586, 32597, 32607, 32617, 32626,
            32635, 32643, 32650, 32657, 32664, 32670, 32676, 32682,
            32687, 32692, 32696, 32701, 32705, 32709, 32712, 32716,
            32719, 32722, 32725, 32727, 32730, 32732, 32734, 32736,
            32738, 32740, 32742, 32743, 32745, 32746, 32747, 32749,
            32750, 32751, 32752, 32753, 32754, 32755, 32756, 32756,
            11, 12, 12, 13, 14, 15, 16, 17,
            18, 19, 21, 22, 23, 25, 26, 28,
            30, 32, 34, 36, 38, 41, 43, 46,
            49, 52, 56, 59, 63, 67, 72, 76,
            81, 86, 92, 98, 104, 111, 118, 125,
            133, 142, 151, 161, 171, 182, 194, 206,
            219, 233, 248, 264, 281, 299, 318, 338,
            360, 383, 407, 433, 461, 490, 521, 554,
            589, 627, 666, 708, 753, 800, 851, 904,
            961, 1021, 1084, 1152, 1223, 1299, 1379, 1464,
            1554, 1649, 1750, 1856, 1969, 2088, 2213, 2346,
            2486, 2633, 2789, 2952, 3124, 3306, 3496, 3696,
            3906, 4126, 4357, 4599, 4851, 5115, 5391, 5678,
            5978, 6289, 6613, 6949, 7297, 7658, 8031, 8416,
            8813, 9221, 9641, 10072, 10513, 10964, 11424, 11894,
            12371, 12856, 13348, 13845, 14347, 14852, 15361, 15872,
    };

    /** The q15 tanh table, same index convention: {@code clamp(floor(tanh(x) * 32768 + 0.5), -32768, 32767)}. */
    static final short[] TANH_TABLE_Q15 = {
            0, 2045, 4075, 6073, 8025, 9919, 11743, 13486,
            15143, 16706, 18173, 19542, 20813, 21986, 23066, 24054,
            24956, 25776, 26519, 27191, 27797, 28341, 28830, 29268,
            29660, 30010, 30322, 30600, 30847, 31067, 31262, 31435,
            31589, 31726, 31846, 31953, 32048, 32132, 32206, 32271,
            32329, 32381, 32426, 32466, 32501, 32532, 32560, 32584,
            32606, 32625, 32642, 32657, 32670, 32681, 32691, 32700,
            32708, 32715, 32721, 32727, 32732, 32736, 32740, 32743,
            32746, 32749, 32751, 32753, 32755, 32756, 32758, 32759,
            32760, 32761, 32762, 32762, 32763, 32764, 32764, 32765,
            32765, 32765, 32766, 32766, 32766, 32766, 32767, 32767,
            32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
            32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
            32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
            32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
            32767, 32767, 32767, 32767, 32767, 32767, 32767, 32767,
            -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768,
            -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768,
            -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768,
            -32768, -32768, -32768, -32768, -32768, -32768, -32768, -32768,
            -32768, -32768, -32767, -32767, -32767, -32767, -32767, -32767,
            -32767, -32767, -32767, -32766, -32766, -32766, -32766, -32765,
            -32765, -32765, -32764, -32764, -32763, -32762, -32762, -32761,
            -32760, -32759, -32758, -32756, -32755, -32753, -32751, -32749,
            -32746, -32743, -32740, -32736, -32732, -32727, -32721, -32715,
            -32708, -32700, -32691, -32681, -32670, -32657, -32642, -32625,
            -32606, -32584, -32560, -32532, -32501, -32466, -32426, -32381,
            -32329, -32271, -32206, -32132, -32048, -31953, -31846, -31726,
            -31589, -31435, -31262, -31067, -30847, -30600, -30322, -30010,
            -29660, -29268, -28830, -28341, -27797, -27191, -26519, -25776,
            -24956, -24054, -23066, -21986, -20813, -19542, -18173, -16706,
            -15143, -13486, -11743, -9919, -8025, -6073, -4075, -2045,
    };

    private ArmActivationsQ15() {
    }

    /**
     * {@code arm_relu_q15}: in place, every negative element becomes 0. {@code size} is a C {@code uint16_t}
     * (reduced mod 65536): larger tensors must be split into several calls.
     */
    public static void arm_relu_q15(short[] data, int off, int size) {
        final int end = off + NnSupport.u16(size);
        for (int i = off; i < end; i++) {
            // branch-free (v & ~(v >> 31) is v or 0) so C2 vectorises it; the branch mispredicted on every sign change
            final int v = data[i];
            data[i] = (short) (v & ~(v >> 31));
        }
    }

    /**
     * {@code arm_nn_activations_direct_q15} (5.8.0+ semantics): in place, with {@code sh = 11 - int_width},
     * {@code i = x >> sh} (arithmetic) and {@code f = x & (2^sh - 1)}: {@code T[127]} when {@code i == 127}, otherwise
     * the linear interpolation {@code ((2^sh - f) * T[i & 255] + f * T[(i + 1) & 255]) >> sh} (floor). T is the
     * sigmoid table for type {@link #ARM_SIGMOID} (0) and the tanh table for any other type (the C
     * {@code default:} branch). The input is Q(int_width).(15 - int_width), so {@code i} is its Q3.4 table index:
     * int_width 0..3 is the meaningful range (3 uses the whole table; i = -1 interpolates from T[255] toward T[0]).
     * 4..11 are defined but the index wraps modulo 256 (aliasing); above 11 the C shift count wraps (undefined
     * behaviour), not reproduced.
     */
    public static void arm_nn_activations_direct_q15(short[] data, int off, int size, int intWidth, int type) {
        final short[] table = type == ARM_SIGMOID ? SIGMOID_TABLE_Q15 : TANH_TABLE_Q15;
        intWidth = NnSupport.u16(intWidth);
        final int shift = NnSupport.u16(11 - intWidth);
        final int mask = 0x7FF >> intWidth;
        final int fullFrac = mask + 1;
        final int end = off + NnSupport.u16(size);
        for (int p = off; p < end; p++) {
            final int in = data[p];
            final int frac = in & mask;
            final int idx = in >> shift;
            final int value = table[idx & 0xFF];
            if (idx != 0x7F) {
                final int value2 = table[(idx + 1) & 0xFF];
                data[p] = (short) (((fullFrac - frac) * value + value2 * frac) >> shift);
            } else {
                data[p] = (short) value;
            }
        }
    }

    /**
     * A copy of one table, for tests and tools.
     *
     * @param type {@link #ARM_SIGMOID} or {@link #ARM_TANH}
     * @return a fresh 256-entry array
     */
    public static short[] tableQ15(int type) {
        return (type == ARM_SIGMOID ? SIGMOID_TABLE_Q15 : TANH_TABLE_Q15).clone();
    }
}
