package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Softmax over the features. In q7 it is CMSIS-NN's base-2 softmax (arm_softmax_q7), which keeps the arg-max.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Softmax {
    /**
     * The layers whose outputs this layer reads, by field name ({@code "input"} names the network input).
     * Empty means the previous layer (or the network input for the first layer).
     */
    String[] inputs() default {};
}
