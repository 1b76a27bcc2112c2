/*
 * j2cmsis serial protocol, version 1: the board side (see j2cmsis_serial.h; Java twin:
 * dev.j2cmsis.sim.board.SerialProtocol). Stop-and-wait: one request, one answer, so the board needs no buffer
 * beyond one input record and no flow control.
 */
#include "j2cmsis_serial.h"
#include "j2cmsis_portable.h"

uint32_t j2cmsis_crc32(uint32_t crc, const uint8_t *data, uint32_t length)
{
    /* Bitwise rather than a 1 KiB table: flash matters more than the few cycles per byte on a UART link. */
    uint32_t c = ~crc;
    uint32_t i;
    int bit;
    for (i = 0; i < length; i++) {
        c ^= data[i];
        for (bit = 0; bit < 8; bit++) {
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        }
    }
    return ~c;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void send_bytes(const uint8_t *p, uint32_t n, uint32_t *crc)
{
    uint32_t i;
    *crc = j2cmsis_crc32(*crc, p, n);
    for (i = 0; i < n; i++) {
        j2cmsis_bsp_put_byte(p[i]);
    }
}

/* A frame whose payload is head followed by body, so RESULT goes out without copying the output record. */
static void send2(uint8_t type, uint8_t seq, const uint8_t *head, uint16_t head_len, const uint8_t *body,
                  uint16_t body_len)
{
    uint8_t header[4];
    uint8_t trailer[4];
    uint32_t crc = 0;
    uint16_t length = (uint16_t)(head_len + body_len);
    header[0] = type;
    header[1] = seq;
    header[2] = (uint8_t)length;
    header[3] = (uint8_t)(length >> 8);
    j2cmsis_bsp_put_byte(J2CMSIS_SERIAL_SYNC0);
    j2cmsis_bsp_put_byte(J2CMSIS_SERIAL_SYNC1);
    send_bytes(header, 4, &crc);
    send_bytes(head, head_len, &crc);
    send_bytes(body, body_len, &crc);
    put_u32(trailer, crc);
    send_bytes(trailer, 4, &crc);
}

void j2cmsis_serial_send(uint8_t type, uint8_t seq, const uint8_t *payload, uint16_t length)
{
    send2(type, seq, payload, length, payload, 0);
}

static void send_error(uint8_t seq, uint8_t code, uint32_t detail)
{
    uint8_t p[4];
    p[0] = code;
    p[1] = 0;
    p[2] = (uint8_t)detail;
    p[3] = (uint8_t)(detail >> 8);
    j2cmsis_serial_send(J2CMSIS_SERIAL_ERROR, seq, p, 4);
}

/* Cycle counter: j2cmsis_cycles_start/now of j2cmsis_portable.c (DWT CYCCNT where the core has one). */

static uint8_t get_u8(uint32_t *crc)
{
    uint8_t b = j2cmsis_bsp_get_byte();
    *crc = j2cmsis_crc32(*crc, &b, 1);
    return b;
}

/* The seq of the TRACE request being run, or -1: layer outputs are sent only while one runs. */
static int trace_seq = -1;

void j2cmsis_serial_trace(const char *layer, const int8_t *data, uint32_t size)
{
    uint8_t head[1 + 255];
    uint32_t n = 0;
    if (trace_seq < 0) {
        return;
    }
    while (layer[n] != '\0' && n < 255) {
        head[1 + n] = (uint8_t)layer[n];
        n++;
    }
    head[0] = (uint8_t)n;
    if (size > 0xFFFFu - 1u - n) {
        size = 0xFFFFu - 1u - n;
    }
    send2(J2CMSIS_SERIAL_LAYER, (uint8_t)trace_seq, head, (uint16_t)(1u + n), (const uint8_t *)data, (uint16_t)size);
}

static void send_info(const j2cmsis_serial_net *net, uint8_t seq, int cycles)
{
    uint8_t p[16];
    p[0] = (uint8_t)J2CMSIS_SERIAL_VERSION;
    p[1] = (uint8_t)((cycles ? J2CMSIS_SERIAL_FLAG_CYCLES : 0u) | (net->flags & J2CMSIS_SERIAL_FLAG_TRACE));
    p[2] = 0;
    p[3] = 0;
    put_u32(p + 4, net->network_id);
    put_u32(p + 8, net->input_size);
    put_u32(p + 12, net->output_size);
    j2cmsis_serial_send(J2CMSIS_SERIAL_INFO, seq, p, 16);
}

/*
 * Test-only faults, so the host validator's error reports can be tested against a real firmware:
 * J2CMSIS_SERIAL_TEST_CORRUPT=n flips one bit of output byte n % output_size of the n-th inference (0-based);
 * J2CMSIS_SERIAL_TEST_STALL=n stops answering from the n-th inference on; J2CMSIS_SERIAL_TEST_RESET=n requests a
 * system reset (Armv7-M/Armv8-M AIRCR.SYSRESETREQ) instead of the n-th inference. Never define them in a product.
 */
void j2cmsis_serial_serve(const j2cmsis_serial_net *net)
{
    uint32_t inferences = 0;
    int cycles = j2cmsis_cycles_start();
    send_info(net, 0, cycles);
    for (;;) {
        uint32_t crc = 0;
        uint32_t received;
        uint32_t i;
        uint8_t type;
        uint8_t seq;
        uint16_t length;
        uint8_t trailer[4];
        uint8_t c = j2cmsis_bsp_get_byte();
        if (c != J2CMSIS_SERIAL_SYNC0) {
            continue;
        }
        c = j2cmsis_bsp_get_byte();
        while (c == J2CMSIS_SERIAL_SYNC0) { /* A5 A5 5A: the second A5 may start the frame */
            c = j2cmsis_bsp_get_byte();
        }
        if (c != J2CMSIS_SERIAL_SYNC1) {
            continue;
        }
        type = get_u8(&crc);
        seq = get_u8(&crc);
        length = get_u8(&crc);
        length = (uint16_t)(length | ((uint16_t)get_u8(&crc) << 8));
        int infer = type == J2CMSIS_SERIAL_INFER || type == J2CMSIS_SERIAL_TRACE;
        if ((infer && length != net->input_size)
            || (type == J2CMSIS_SERIAL_HELLO && length != 0) || length > net->input_size) {
            /* Unread payload bytes are skipped by the sync hunt; the host stops at the first ERROR anyway. */
            send_error(seq, J2CMSIS_SERIAL_ERR_LENGTH, length);
            continue;
        }
        for (i = 0; i < length; i++) {
            net->input[i] = (int8_t)get_u8(&crc);
        }
        for (i = 0; i < 4; i++) {
            trailer[i] = j2cmsis_bsp_get_byte();
        }
        received = (uint32_t)trailer[0] | ((uint32_t)trailer[1] << 8) | ((uint32_t)trailer[2] << 16)
                   | ((uint32_t)trailer[3] << 24);
        if (received != crc) {
            send_error(seq, J2CMSIS_SERIAL_ERR_CRC, type);
            continue;
        }
        if (type == J2CMSIS_SERIAL_HELLO) {
            send_info(net, seq, cycles);
        } else if (infer) {
            uint8_t head[4];
            uint32_t start;
            uint32_t spent;
            int rc;
#if defined(J2CMSIS_SERIAL_TEST_STALL)
            if (inferences >= (uint32_t)(J2CMSIS_SERIAL_TEST_STALL)) {
                for (;;) {
                    (void)j2cmsis_bsp_get_byte();
                }
            }
#endif
#if defined(J2CMSIS_SERIAL_TEST_RESET)
            if (inferences == (uint32_t)(J2CMSIS_SERIAL_TEST_RESET)) {
                *(volatile uint32_t *)0xE000ED0Cu = 0x05FA0004u; /* AIRCR: VECTKEY | SYSRESETREQ */
                for (;;) {
                }
            }
#endif
            trace_seq = type == J2CMSIS_SERIAL_TRACE ? seq : -1;
            start = j2cmsis_cycles_now();
            rc = net->run(net->input, net->output);
            spent = j2cmsis_cycles_now() - start;
            trace_seq = -1;
            if (rc != 0) {
                send_error(seq, J2CMSIS_SERIAL_ERR_RUN, (uint32_t)rc);
                inferences++;
                continue;
            }
#if defined(J2CMSIS_SERIAL_TEST_CORRUPT)
            if (inferences == (uint32_t)(J2CMSIS_SERIAL_TEST_CORRUPT)) {
                net->output[inferences % net->output_size] ^= 0x10;
            }
#endif
            put_u32(head, cycles ? spent : J2CMSIS_SERIAL_NO_CYCLES);
            send2(J2CMSIS_SERIAL_RESULT, seq, head, 4, (const uint8_t *)net->output, (uint16_t)net->output_size);
            inferences++;
        } else {
            send_error(seq, J2CMSIS_SERIAL_ERR_TYPE, type);
        }
    }
}
