/**
 * Validation of a generated network on a board, over a serial line: the host side of the j2cmsis serial protocol
 * (version 1; the board side is {@code j2cmsis_serial.c}, generated beside the network's C). {@link
 * dev.j2cmsis.sim.board.BoardValidator} streams input records to the firmware through a {@link
 * dev.j2cmsis.sim.board.Transport} (a loopback TCP socket such as QEMU's {@code -serial tcp:}, or a serial device
 * through jSerialComm) and compares every answer byte for byte with the simulator. Every read has a deadline:
 * timeouts, resets and garbled frames end a run with a {@link dev.j2cmsis.sim.board.BoardFailure}, never a hang.
 */
package dev.j2cmsis.sim.board;
