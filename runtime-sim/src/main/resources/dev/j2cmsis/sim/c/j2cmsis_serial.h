/*
 * j2cmsis serial protocol, version 1: a board answers inference requests from a host over a byte stream (a UART).
 * The host side is dev.j2cmsis.sim.board in j2cmsis-runtime-sim; README.md ("Validate on a board over serial")
 * has the frame layout table. Bare metal: no heap, no stdio, no interrupts; the only board-specific code is the
 * three j2cmsis_bsp_* functions below (j2cmsis_bsp_cmsdk_uart.c implements them for Arm's CMSDK UART, e.g.
 * QEMU's mps2-an385/an386). Link j2cmsis_portable.c too (always compiled with a network): it has the DWT cycle
 * counter the RESULT frames report.
 *
 * Frame: A5 5A type seq len_lo len_hi payload[len] crc32[4], little-endian; the CRC-32 (IEEE 802.3, as zlib's
 * crc32()) covers type, seq, len and payload. Every answer carries the seq of the request it answers.
 */
#ifndef J2CMSIS_SERIAL_H
#define J2CMSIS_SERIAL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define J2CMSIS_SERIAL_VERSION 1u
#define J2CMSIS_SERIAL_SYNC0 0xA5u
#define J2CMSIS_SERIAL_SYNC1 0x5Au

/* Frame types: host to board below 0x80, board to host from 0x80. */
#define J2CMSIS_SERIAL_HELLO 0x01u  /* empty; answered by INFO */
#define J2CMSIS_SERIAL_INFER 0x02u  /* one input record; answered by RESULT or ERROR */
#define J2CMSIS_SERIAL_TRACE 0x03u  /* one input record; answered by a LAYER per layer, then RESULT or ERROR */
#define J2CMSIS_SERIAL_INFO 0x81u   /* version, flags, 0, 0, network id, input size, output size; seq 0 at boot */
#define J2CMSIS_SERIAL_RESULT 0x82u /* cycles (u32, 0xFFFFFFFF: not measured), then the output record */
#define J2CMSIS_SERIAL_LAYER 0x83u  /* name length (u8), name, the layer's output bytes (cut at the frame limit) */
#define J2CMSIS_SERIAL_ERROR 0xEEu  /* code (u8), 0 (u8), detail (u16) */

/* INFO flags. */
#define J2CMSIS_SERIAL_FLAG_CYCLES 0x01u /* RESULT frames carry DWT CYCCNT cycles of the inference */
#define J2CMSIS_SERIAL_FLAG_TRACE 0x02u  /* TRACE is answered with LAYER frames (built with -D<NET>_TRACE) */

/* ERROR codes; detail in parentheses. */
#define J2CMSIS_SERIAL_ERR_CRC 1u    /* the request's CRC did not match (its type) */
#define J2CMSIS_SERIAL_ERR_LENGTH 2u /* payload length wrong for the type, or too long (the length received) */
#define J2CMSIS_SERIAL_ERR_TYPE 3u   /* unknown request type (the type) */
#define J2CMSIS_SERIAL_ERR_RUN 4u    /* the network's run function failed (its return value) */

#define J2CMSIS_SERIAL_NO_CYCLES 0xFFFFFFFFu

/* Board support: implement these three for your UART (blocking, one byte at a time). */
void j2cmsis_bsp_init(void);
void j2cmsis_bsp_put_byte(uint8_t byte);
uint8_t j2cmsis_bsp_get_byte(void);

/* A network as the protocol serves it: the generated <net>_run() and its sizes. */
typedef struct {
    uint32_t network_id; /* <NET>_NETWORK_ID: the fingerprint the host's simulator computes too */
    uint32_t input_size;  /* at most 65535: a frame's payload length is 16 bits */
    uint32_t output_size; /* at most 65531 (the RESULT payload also holds the cycles) */
    int (*run)(const int8_t *input, int8_t *output);
    int8_t *input;  /* input_size bytes */
    int8_t *output; /* output_size bytes */
    uint32_t flags; /* J2CMSIS_SERIAL_FLAG_TRACE when the network calls j2cmsis_serial_trace() for each layer */
} j2cmsis_serial_net;

/* IEEE CRC-32 of data, continuing from crc (start with 0). */
uint32_t j2cmsis_crc32(uint32_t crc, const uint8_t *data, uint32_t length);

/* Sends one frame. */
void j2cmsis_serial_send(uint8_t type, uint8_t seq, const uint8_t *payload, uint16_t length);

/* A <NET>_TRACE hook: sends the layer's output as a LAYER frame while a TRACE request runs, else nothing. */
void j2cmsis_serial_trace(const char *layer, const int8_t *data, uint32_t size);

/* Sends the boot INFO, then answers requests forever. */
void j2cmsis_serial_serve(const j2cmsis_serial_net *net);

#ifdef __cplusplus
}
#endif

#endif /* J2CMSIS_SERIAL_H */
