/*
 * Exercises the integer behaviour the CMSIS-NN kernels rely on and Java must reproduce: unsigned
 * wrap-around, int32 conversion of out-of-range values, arithmetic right shifts of negative
 * numbers (32- and 64-bit), truncating division and saturation to q7.
 * Usage: int_semantics <input> <output>; output gets one byte per input byte (see
 * NativeToolchainTest.expectedSemantics for the same computation in Java).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <input> <output>\n", argc > 0 ? argv[0] : "int_semantics");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    FILE *out = fopen(argv[2], "wb");
    if (in == NULL || out == NULL) {
        perror("fopen");
        return 3;
    }
    static unsigned char buffer[65536];
    static int8_t result[65536];
    uint32_t fnv = 2166136261u;
    int32_t acc = 0;
    unsigned long total = 0;
    size_t n;
    while ((n = fread(buffer, 1, sizeof(buffer), in)) > 0) {
        for (size_t i = 0; i < n; i++) {
            int32_t v = (int8_t)buffer[i];
            fnv = (fnv ^ buffer[i]) * 16777619u;
            acc = (int32_t)((uint32_t)acc * 1103515245u + (uint32_t)v);
            int32_t q = (int32_t)(((int64_t)acc * 1518500250 + ((int64_t)1 << 30)) >> 31);
            q = (q >> 3) + v / 3 + v % 5;
            result[i] = (int8_t)(q > 127 ? 127 : q < -128 ? -128 : q);
        }
        if (fwrite(result, 1, n, out) != n) {
            perror("fwrite");
            return 4;
        }
        total += n;
    }
    if (ferror(in) || fclose(out) != 0) {
        perror("read/close");
        return 5;
    }
    fclose(in);
    printf("bytes=%lu fnv=%08lx acc=%ld\n", total, (unsigned long)fnv, (long)acc);
    return 0;
}
