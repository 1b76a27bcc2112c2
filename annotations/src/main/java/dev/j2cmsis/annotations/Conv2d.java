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

    /** Kernel size: one value for both axes ({height, width} is reserved for non-square kernels). */
    int[] kernel();

    /** Stride: one value for both axes. */
    int[] stride() default 1;

    /** Zero padding on each side: one value for both axes. */
    int[] padding() default 0;

    /** Whether the layer has a bias tensor. */
    boolean bias() default true;
}
