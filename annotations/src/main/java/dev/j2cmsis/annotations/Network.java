package dev.j2cmsis.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@link Layer} fields, in declaration order, describe a network. At compile time the
 * j2cmsis processor reads {@link #config()}, quantizes the network and generates CMSIS-NN C code and a
 * bit-exact Java simulator named {@code <Class>Q7}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
    /**
     * The YAML file naming the weights, calibration data and quantization options. Looked up on the class
     * path relative to this class's package, or from the resource root when it starts with {@code /}
     * (so a file in {@code src/main/resources} works with plain Maven).
     */
    String config();

    /** The input tensor shape: {channels, height, width}. */
    int[] input();

    /** The prefix of every generated C name; empty means the snake_case of the class name. */
    String prefix() default "";

    /**
     * The most static RAM the generated C may use (activation buffers and scratch), in bytes; 0 means no limit.
     * A network over budget is a compile error naming the layers that need the most.
     */
    int maxRamBytes() default 0;

    /** The most flash the weights and biases may take, in bytes; 0 means no limit. */
    int maxFlashBytes() default 0;
}
