package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Average pooling, as PyTorch's {@code nn.AvgPool2d} with padding 0 (floor mode unless {@code ceilMode}). The average is truncated
 * toward zero in the input's Q format, as CMSIS-NN does; on a DSP target (Cortex-M4/M7) CMSIS-NN's
 * {@code arm_avepool_q7_HWC} divides twice (rows, then columns), and the simulator reproduces that.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface AvgPool {
    /** Window size: one value for both axes, or {height, width}. */
    int[] kernel();

    /** Stride: one value for both axes, or {height, width}; empty means equal to the kernel. */
    int[] stride() default {};

    /** Padding: must be 0 (CMSIS averages only in-image values, PyTorch counts padding by default). */
    int[] padding() default 0;
    /**
     * PyTorch's {@code ceil_mode} (Caffe's pooling size): the output size rounds {@code (in + 2 * padding -
     * kernel) / stride} up instead of down, so a last, partial window covers the remaining rows and columns
     * (it must start inside the input or the left padding); that window is clipped to the input, and an average
     * divides by the elements it covers.
     */
    boolean ceilMode() default false;

    /**
     * The layers whose outputs this layer reads, by field name ({@code "input"} names the network input).
     * Empty means the previous layer (or the network input for the first layer).
     */
    String[] inputs() default {};
}
