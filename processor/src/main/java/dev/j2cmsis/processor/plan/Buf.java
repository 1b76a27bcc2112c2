package dev.j2cmsis.processor.plan;

/**
 * The memory a step reads or writes: the caller's input (read-only) and output arrays, and the two
 * statically allocated ping-pong activation buffers.
 */
public enum Buf {
    INPUT, OUTPUT, BUF0, BUF1
}
