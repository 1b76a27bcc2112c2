package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A 2-D convolution, as PyTorch's {@code nn.Conv2d}: weights {@code <name>.weight} in OIHW layout and, with
 * {@link #bias()}, {@code <name>.bias}. Zero padding on all four sides.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Conv2d {
    /** Output channels. */
    int outChannels();

    /** Kernel size: one value for both axes, or {height, width}. */
    int[] kernel();

    /** Stride: one value for both axes, or {height, width}. */
    int[] stride() default 1;

    /** Zero padding on each side: one value for both axes, or {height, width}. */
    int[] padding() default 0;

    /**
     * Groups, as in PyTorch: 1 (a full convolution) or the number of input channels with
     * {@code outChannels} equal to it (a depthwise convolution, weights [C, 1, kh, kw]).
     */
    int groups() default 1;

    /** Whether the layer has a bias tensor. */
    boolean bias() default true;

    /**
     * The layers whose outputs this layer reads, by field name ({@code "input"} names the network input).
     * Empty means the previous layer (or the network input for the first layer).
     */
    String[] inputs() default {};
}
