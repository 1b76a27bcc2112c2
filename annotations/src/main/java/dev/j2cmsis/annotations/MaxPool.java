package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Max pooling, as PyTorch's {@code nn.MaxPool2d} (floor mode unless {@code ceilMode}, padded positions ignored).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface MaxPool {
    /** Window size: one value for both axes, or {height, width}. */
    int[] kernel();

    /** Stride: one value for both axes, or {height, width}; empty means equal to the kernel, as in PyTorch. */
    int[] stride() default {};

    /** Padding on each side: one value for both axes, or {height, width}; at most half the kernel, as in PyTorch. */
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
