package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Hyperbolic tangent, in place, through CMSIS-NN's table-based
 * {@code arm_nn_activations_direct_q7}; its input format is chosen from the calibrated range (at most Q3.4).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Tanh {
    /**
     * The layers whose outputs this layer reads, by field name ({@code "input"} names the network input).
     * Empty means the previous layer (or the network input for the first layer).
     */
    String[] inputs() default {};
}
