package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer, as PyTorch's {@code nn.Linear}: weights {@code <name>.weight} of shape
 * [out, in]. After a spatial tensor it flattens implicitly, in PyTorch's CHW order.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Linear {
    /** Output features. */
    int outFeatures();

    /** Whether the layer has a bias tensor. */
    boolean bias() default true;

    /**
     * The layers whose outputs this layer reads, by field name ({@code "input"} names the network input).
     * Empty means the previous layer (or the network input for the first layer).
     */
    String[] inputs() default {};
}
