package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Element-wise sum of two tensors of the same shape (a residual connection). CMSIS-NN has no such q7 kernel:
 * j2cmsis generates one that aligns both Q formats by left shifts, rounds like CMSIS (NN_ROUND) and saturates.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Add {
    /** The two layers to add, by field name. */
    String[] inputs();
}
