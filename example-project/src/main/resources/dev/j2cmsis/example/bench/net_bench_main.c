/*
 * Native throughput of one generated network, for Bench and SimVsCBench: runs NET_RUN over every NET_IN-byte record of
 * argv[1], argv[2] times, and prints the best pass in nanoseconds per inference and a checksum of the outputs (so
 * the compiler cannot drop the work). Built with -DNET_HEADER="x.h" -DNET_RUN=x_run -DNET_IN=... -DNET_OUT=...
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include NET_HEADER

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    static int8_t out[NET_OUT];
    FILE *f;
    long size;
    long n;
    long i;
    int pass;
    int passes;
    int8_t *inputs;
    long checksum = 0;
    double best = 1e300;
    if (argc != 3) {
        return 2;
    }
    passes = atoi(argv[2]);
    f = fopen(argv[1], "rb");
    if (f == NULL) {
        return 3;
    }
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    inputs = (int8_t *)malloc((size_t)size);
    if (inputs == NULL || fread(inputs, 1, (size_t)size, f) != (size_t)size) {
        return 4;
    }
    fclose(f);
    n = size / NET_IN;
    for (pass = 0; pass < passes; pass++) {
        double t0 = now_ns();
        double dt;
        for (i = 0; i < n; i++) {
            int j;
            NET_RUN(inputs + i * NET_IN, out);
            for (j = 0; j < NET_OUT; j++) {
                checksum += out[j];
            }
        }
        dt = now_ns() - t0;
        if (dt < best) {
            best = dt;
        }
    }
    printf("%.1f %ld\n", best / (double)n, checksum);
    free(inputs);
    return 0;
}
