/*
 * The board side of the serial protocol (j2cmsis_serial.c) on the host, for SerialCTest: the "UART" reads
 * requests from the file argv[1] and writes answers to argv[2]; the network is FakeBoard.AddNet's
 * out[k] = in[k] + in[k + 4], traced as layers "lo" (in[0..3]) and "add". End of the request file ends the program.
 */
#include <stdio.h>
#include <stdlib.h>

#include "j2cmsis_serial.h"

static FILE *requests;
static FILE *answers;

void j2cmsis_bsp_init(void)
{
}

void j2cmsis_bsp_put_byte(uint8_t byte)
{
    fputc(byte, answers);
}

uint8_t j2cmsis_bsp_get_byte(void)
{
    int c = fgetc(requests);
    if (c == EOF) {
        fclose(answers);
        exit(0);
    }
    return (uint8_t)c;
}

static int add_net(const int8_t *in, int8_t *out)
{
    int k;
    for (k = 0; k < 4; k++) {
        out[k] = (int8_t)(uint8_t)((uint8_t)in[k] + (uint8_t)in[k + 4]);
    }
    j2cmsis_serial_trace("lo", in, 4);
    j2cmsis_serial_trace("add", out, 4);
    return in[0] == 127 && in[1] == 127 ? 9 : 0; /* a failing "layer" on request */
}

int main(int argc, char **argv)
{
    static int8_t in[8];
    static int8_t out[4];
    static const j2cmsis_serial_net net = {ADD_NET_ID, 8, 4, add_net, in, out, J2CMSIS_SERIAL_FLAG_TRACE};
    if (argc != 3 || (requests = fopen(argv[1], "rb")) == NULL || (answers = fopen(argv[2], "wb")) == NULL) {
        return 2;
    }
    j2cmsis_bsp_init();
    j2cmsis_serial_serve(&net);
    return 1;
}
