/*
 * Test driver: runs a generated network on every NET_INPUT_SIZE-byte record of argv[1] and writes the outputs
 * to argv[2]. Built with -DNET_HEADER="\"x.h\"" -DNET_RUN=x_run -DNET_IN=X_INPUT_SIZE -DNET_OUT=X_OUTPUT_SIZE.
 * The same file runs on the host and, through semihosting file I/O, on a Cortex-M4 under QEMU.
 */
#include <stdio.h>

#include NET_HEADER

static q7_t input[NET_IN];
static q7_t output[NET_OUT];

int main(int argc, char **argv)
{
    FILE *in;
    FILE *out;
    long n = 0;
    if (argc != 3) {
        fprintf(stderr, "usage: driver inputs.bin outputs.bin\n");
        return 2;
    }
    in = fopen(argv[1], "rb");
    out = fopen(argv[2], "wb");
    if (in == NULL || out == NULL) {
        fprintf(stderr, "cannot open files\n");
        return 3;
    }
    while (fread(input, 1, NET_IN, in) == NET_IN) {
        int rc = NET_RUN(input, output);
        if (rc != 0) {
            fprintf(stderr, "run failed at record %ld: %d\n", n, rc);
            return 4;
        }
        if (fwrite(output, 1, NET_OUT, out) != NET_OUT) {
            return 5;
        }
        n++;
    }
    fclose(in);
    fclose(out);
    printf("%ld records\n", n);
    return 0;
}
