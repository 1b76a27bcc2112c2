/*
 * The access pattern of a network test run: read one 784-byte record (a 28x28 image), write
 * 10 bytes back (its scores). Usage: io_records <input> <output> [stdio buffer size].
 * Output byte k of a record is the wrapped sum of the record's bytes j with j % 10 == k.
 */
#include <stdio.h>
#include <stdlib.h>

#define RECORD 784
#define SCORES 10

int main(int argc, char **argv)
{
    if (argc < 3) {
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    FILE *out = fopen(argv[2], "wb");
    if (in == NULL || out == NULL) {
        perror("fopen");
        return 3;
    }
    if (argc > 3) {
        /* newlib's default FILE buffer is 1 KiB: about one semihosting call per record. */
        size_t size = (size_t)atol(argv[3]);
        if (setvbuf(in, NULL, _IOFBF, size) != 0 || setvbuf(out, NULL, _IOFBF, size) != 0) {
            return 4;
        }
    }
    unsigned char record[RECORD];
    unsigned char scores[SCORES];
    unsigned long records = 0;
    while (fread(record, 1, RECORD, in) == RECORD) {
        for (int k = 0; k < SCORES; k++) {
            unsigned sum = 0;
            for (int j = k; j < RECORD; j += SCORES) {
                sum += record[j];
            }
            scores[k] = (unsigned char)sum;
        }
        fwrite(scores, 1, SCORES, out);
        records++;
    }
    if (fclose(out) != 0) {
        return 5;
    }
    fclose(in);
    printf("records=%lu\n", records);
    return 0;
}
