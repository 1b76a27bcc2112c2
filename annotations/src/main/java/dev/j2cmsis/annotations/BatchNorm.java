package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalization after a {@link Conv2d} or {@link Linear}, folded into that layer's weights and bias at
 * compile time: reads {@code <name>.weight}, {@code .bias}, {@code .running_mean}, {@code .running_var} and,
 * when present, a scalar {@code <name>.eps} (otherwise {@link #eps()}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BatchNorm {
    /** The epsilon of PyTorch's BatchNorm, used when the weights file has no {@code <name>.eps}. */
    double eps() default 1e-5;

    /**
     * The layers whose outputs this layer reads, by field name ({@code "input"} names the network input).
     * Empty means the previous layer (or the network input for the first layer).
     */
    String[] inputs() default {};
}
