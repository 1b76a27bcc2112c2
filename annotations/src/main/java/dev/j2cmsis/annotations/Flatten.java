package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Flattens a spatial tensor in PyTorch's CHW order. Optional: a Linear after a spatial tensor flattens implicitly.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Flatten {
    /**
     * The layers whose outputs this layer reads, by field name ({@code "input"} names the network input).
     * Empty means the previous layer (or the network input for the first layer).
     */
    String[] inputs() default {};
}
