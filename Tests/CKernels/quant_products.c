/*
 * The quantized matrix products (CSources/CQuantMatMul) against a scalar reference written here
 * from the block formats (ggml's dequantize_row_* in ggml-quants.c, block layouts in
 * ggml-common.h) and the arithmetic of quant_matmul.h:
 *   - quantized activation rows equal the reference's byte for byte (layout in lanes.h);
 *   - for every weight type, three k (several product slices, a last group of one to three
 *     blocks), one to five activation rows and four ranges of weight rows, the kernels' outputs
 *     equal bit for bit the reference's, which takes the integer dot products exactly and
 *     applies the header's float formula in the order quant_matmul.h states; rows outside the
 *     range are left alone;
 *   - the reference is within 1e-5 of the magnitude of the same formula summed in double
 *     precision.
 * Printed: digests of the reference's activation rows and outputs (which the kernels' equal), so
 * that the lines are the same where the kernels are unavailable. There qmm_available() must be 0,
 * and on aarch64 a kernel called anyway must stop the program (checked in a child process).
 * QMM_EXPECT=available or unavailable (set by scripts/test-arm64.sh for its emulated CPUs) makes
 * qmm_available() a check too.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "quant_matmul.h"
#include "../../CSources/CQuantMatMul/lanes.h"
#include "driver.h"

/* splitmix64, a stream of its own so that the other checks' inputs do not move */
static uint64_t state = 0x5851f42d4c957f2dULL;
static uint64_t next(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static float uniform(void) { return (float)(next() >> 40) / (float)(1 << 24) * 2.0f - 1.0f; }

/* IEEE half precision to single, for normal numbers and zero (all this file makes). */
static float half_value(const uint8_t *p)
{
    unsigned h = p[0] | (unsigned)p[1] << 8;
    unsigned e = (h >> 10) & 31;
    float m = e == 0 ? 0.0f : ldexpf(1.0f + (float)(h & 1023) / 1024.0f, (int)e - 15);
    return h & 0x8000 ? -m : m;
}
/* A random half of magnitude in [2^-6, 2^-1). */
static void put_half(uint8_t *p)
{
    unsigned h = (unsigned)(next() & 0x83FF) | (unsigned)(9 + next() % 6) << 10;
    p[0] = (uint8_t)h, p[1] = (uint8_t)(h >> 8);
}

typedef struct {
    qmm_type type;
    const char *name;
    size_t bytes, values;   /* per block (super-block for the K-quants) */
    int halves[2];          /* where its half-precision scales are, -1 for none */
} format;

static const format formats[] = {
    { QMM_Q4_0, "q4_0", 18, 32, { 0, -1 } },    { QMM_Q4_1, "q4_1", 20, 32, { 0, 2 } },
    { QMM_Q5_0, "q5_0", 22, 32, { 0, -1 } },    { QMM_Q5_1, "q5_1", 24, 32, { 0, 2 } },
    { QMM_Q8_0, "q8_0", 34, 32, { 0, -1 } },    { QMM_Q2_K, "q2_k", 84, 256, { 80, 82 } },
    { QMM_Q3_K, "q3_k", 110, 256, { 108, -1 } }, { QMM_Q4_K, "q4_k", 144, 256, { 0, 2 } },
    { QMM_Q5_K, "q5_k", 176, 256, { 0, 2 } },   { QMM_Q6_K, "q6_k", 210, 256, { 208, -1 } },
};

/* A block of 32 weights as the header defines it: w = d u + o per half of 16. */
typedef struct {
    int u[32];
    float d[2], o[2];
} weights;

/* Q4_K, Q5_K: get_scale_min_k4 of ggml-quants.c. */
static void k4_scale(const uint8_t *q, int j, int *sc, int *m)
{
    if (j < 4) {
        *sc = q[j] & 63, *m = q[j + 4] & 63;
    } else {
        *sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

/* Q3_K's 16 scales, unpacked from 12 bytes as dequantize_row_q3_K does (kmask1, kmask2). */
static void q3_scales(const uint8_t *packed, int8_t out[16])
{
    uint32_t aux[4];
    memcpy(aux, packed, 12);
    uint32_t tmp = aux[2];
    aux[2] = ((aux[0] >> 4) & 0x0f0f0f0f) | (((tmp >> 4) & 0x03030303) << 4);
    aux[3] = ((aux[1] >> 4) & 0x0f0f0f0f) | (((tmp >> 6) & 0x03030303) << 4);
    aux[0] = (aux[0] & 0x0f0f0f0f) | (((tmp >> 0) & 0x03030303) << 4);
    aux[1] = (aux[1] & 0x0f0f0f0f) | (((tmp >> 2) & 0x03030303) << 4);
    for (int i = 0; i < 16; i++)
        out[i] = (int8_t)(aux[i / 4] >> (8 * (i % 4)));
}

/* Block b (of 32) of a row of format f. */
static weights decode(const format *f, const uint8_t *row, size_t b)
{
    weights w;
    const uint8_t *x = row + (f->values == 32 ? b : b / 8) * f->bytes;
    const int s = (int)(b % 8), h = s / 4, j = s % 4; /* sub-block of a super-block; its half, its place */
    float d = half_value(x + f->halves[0]);
    for (int l = 0; l < 32; l++) {
        const uint8_t nib = l < 16 ? x[f->bytes - 16 + l] & 15 : x[f->bytes - 32 + l] >> 4; /* Q4_*, Q5_*: qs last */
        uint32_t qh;
        switch (f->type) {
        case QMM_Q4_0: case QMM_Q4_1: w.u[l] = nib; break;
        case QMM_Q5_0: case QMM_Q5_1:
            memcpy(&qh, x + f->bytes - 20, 4);
            w.u[l] = nib + 16 * (int)((qh >> l) & 1);
            break;
        case QMM_Q8_0: w.u[l] = (int8_t)x[2 + l] + 128; break;
        case QMM_Q4_K: w.u[l] = s % 2 ? x[16 + 32 * (s / 2) + l] >> 4 : x[16 + 32 * (s / 2) + l] & 15; break;
        case QMM_Q5_K:
            w.u[l] = (s % 2 ? x[48 + 32 * (s / 2) + l] >> 4 : x[48 + 32 * (s / 2) + l] & 15) + 16 * ((x[16 + l] >> s) & 1);
            break;
        case QMM_Q2_K: w.u[l] = (x[16 + 32 * h + l] >> (2 * j)) & 3; break;
        case QMM_Q3_K: w.u[l] = ((x[32 + 32 * h + l] >> (2 * j)) & 3) + 4 * ((x[l] >> s) & 1); break;
        case QMM_Q6_K: {
            const uint8_t low = x[64 * h + 32 * (j % 2) + l];
            w.u[l] = (j >= 2 ? low >> 4 : low & 15) | (((x[128 + 32 * h + l] >> (2 * j)) & 3) << 4);
            break;
        }
        }
    }
    for (int half = 0; half < 2; half++) {
        switch (f->type) {
        case QMM_Q4_0: w.d[half] = d, w.o[half] = -8.0f * d; break;
        case QMM_Q5_0: w.d[half] = d, w.o[half] = -16.0f * d; break;
        case QMM_Q8_0: w.d[half] = d, w.o[half] = -128.0f * d; break;
        case QMM_Q4_1: case QMM_Q5_1: w.d[half] = d, w.o[half] = half_value(x + 2); break;
        case QMM_Q4_K: case QMM_Q5_K: {
            int sc, m;
            k4_scale(x + 4, s, &sc, &m);
            w.d[half] = d * (float)sc, w.o[half] = -(half_value(x + 2) * (float)m);
            break;
        }
        case QMM_Q2_K: {
            int sc = x[2 * s + half];
            w.d[half] = d * (float)(sc & 15), w.o[half] = -(half_value(x + 82) * (float)(sc >> 4));
            break;
        }
        case QMM_Q3_K: {
            int8_t sc[16];
            q3_scales(x + 96, sc);
            w.d[half] = d * (float)(sc[2 * s + half] - 32), w.o[half] = -4.0f * w.d[half];
            break;
        }
        case QMM_Q6_K:
            w.d[half] = d * (float)(int8_t)x[192 + 2 * s + half], w.o[half] = -32.0f * w.d[half];
            break;
        }
    }
    return w;
}

/* A block of 32 activations quantized as the header says (round to nearest even). */
typedef struct {
    int q[32];
    float d, s, s_half[2];
} activations;

static activations quantize(const float *x)
{
    activations a;
    float amax = 0;
    for (int l = 0; l < 32; l++)
        amax = fabsf(x[l]) > amax ? fabsf(x[l]) : amax;
    a.d = amax / 127.0f;
    float id = a.d != 0.0f ? 1.0f / a.d : 0.0f;
    int sum[2] = { 0, 0 };
    for (int l = 0; l < 32; l++) {
        a.q[l] = (int)nearbyintf(x[l] * id);
        sum[l / 16] += a.q[l];
    }
    a.s_half[0] = a.d * (float)sum[0], a.s_half[1] = a.d * (float)sum[1];
    a.s = a.d * (float)(sum[0] + sum[1]);
    return a;
}

/* The row of `blocks` blocks in the lane layout (lanes.h), zeros past the last block. */
static void lay_out(uint8_t *row, const activations *a, size_t blocks)
{
    memset(row, 0, qmm_activation_bytes(blocks));
    for (size_t b = 0; b < blocks; b++) {
        for (int l = 0; l < 32; l++) {
            int q = a[b].q[l] > 127 ? 127 : a[b].q[l] < -128 ? -128 : a[b].q[l];
            qmm_values(row, b)[l < 16 ? l : 64 + l - 16] = (uint8_t)(int8_t)q;
        }
        for (int i = 0; i < 4; i++)
            qmm_scales(row, blocks, b)[i] = a[b].d;
        qmm_sums(row, blocks)[b] = a[b].s;
        qmm_half_sums(row, blocks)[2 * b] = a[b].s_half[0];
        qmm_half_sums(row, blocks)[2 * b + 1] = a[b].s_half[1];
    }
}

/* The product of a weight row and an activation row in the order quant_matmul.h states: per
   slice of 128 blocks, lane 4 (b mod 4) + i of 16 takes, block after block, the products of
   values 4i..4i+3 and 16+4i..16+4i+3 of the slice's blocks b; 16 more lanes the offsets of
   block (or half block) 16m + lane; the 32 lanes are added in a fixed tree; slices in order. */
static float ordered(const weights *w, const activations *a, size_t blocks, int split)
{
    float total = 0;
    for (size_t b0 = 0; b0 < blocks; b0 += QMM_SLICE_BLOCKS) {
        const size_t n = blocks - b0 < QMM_SLICE_BLOCKS ? blocks - b0 : QMM_SLICE_BLOCKS;
        float acc[16] = { 0 }, offsets[16] = { 0 }, v[16];
        for (size_t b = 0; b < n; b++) {
            const weights *x = &w[b0 + b];
            const activations *y = &a[b0 + b];
            for (int i = 0; i < 4; i++) {
                int low = 0, high = 0;
                for (int t = 0; t < 4; t++) {
                    low += x->u[4 * i + t] * y->q[4 * i + t];
                    high += x->u[16 + 4 * i + t] * y->q[16 + 4 * i + t];
                }
                float *lane = &acc[4 * (b % 4) + i];
                if (split)
                    *lane = fmaf(fmaf((float)high, x->d[1], (float)low * x->d[0]), y->d, *lane);
                else
                    *lane = fmaf((float)(low + high), x->d[0] * y->d, *lane);
            }
        }
        for (size_t e = 0; e < (split ? 2 : 1) * n; e++) {
            const weights *x = &w[b0 + (split ? e / 2 : e)];
            const activations *y = &a[b0 + (split ? e / 2 : e)];
            offsets[e % 16] = fmaf(split ? x->o[e % 2] : x->o[0], split ? y->s_half[e % 2] : y->s, offsets[e % 16]);
        }
        for (int i = 0; i < 16; i++)
            v[i] = acc[i] + offsets[i];
        float q[4];
        for (int e = 0; e < 4; e++)
            q[e] = (v[e] + v[8 + e]) + (v[4 + e] + v[12 + e]);
        float slice = (q[0] + q[2]) + (q[1] + q[3]);
        total = b0 == 0 ? slice : total + slice;
    }
    return total;
}

/* The same formula in double precision, and the sum of its terms' magnitudes. */
static double exact(const weights *w, const activations *a, size_t blocks, double *magnitude)
{
    double sum = 0;
    *magnitude = 0;
    for (size_t b = 0; b < blocks; b++)
        for (int half = 0; half < 2; half++) {
            long dot = 0;
            for (int l = 16 * half; l < 16 * half + 16; l++)
                dot += (long)w[b].u[l] * a[b].q[l];
            double t1 = (double)w[b].d[half] * a[b].d * (double)dot, t2 = (double)w[b].o[half] * a[b].s_half[half];
            sum += t1 + t2;
            *magnitude += fabs(t1) + fabs(t2);
        }
    return sum;
}

enum { ROWS = 13, COLUMNS = 5 };

/* The activation rows of k values: per block a random scale, one block of zeros, one with a
   single large value. */
static float *activation_input(size_t k, size_t stride)
{
    float *x = malloc(COLUMNS * stride * sizeof(float));
    for (size_t c = 0; c < COLUMNS; c++)
        for (size_t b = 0; b < k / 32; b++) {
            float scale = ldexpf(1.0f, (int)(next() % 9) - 4);
            for (size_t l = 0; l < 32; l++)
                x[c * stride + 32 * b + l] = c == 1 && b == 2 ? 0.0f : uniform() * scale;
            if (c == 2 && b == 1)
                x[c * stride + 32 * b + 7] = 1000.0f;
        }
    return x;
}

static uint32_t bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static void one_shape(const format *f, size_t k, int available)
{
    const size_t blocks = k / 32, row_bytes = (k / f->values) * f->bytes, w_stride = row_bytes + 8;
    const size_t a_bytes = qmm_activation_row_bytes(k), x_stride = k + 3;
    char what[96];

    uint8_t *w = malloc(ROWS * w_stride);
    for (size_t i = 0; i < ROWS * w_stride; i++)
        w[i] = (uint8_t)next();
    for (size_t r = 0; r < ROWS; r++)
        for (size_t b = 0; b < k / f->values; b++)
            for (int i = 0; i < 2; i++)
                if (f->halves[i] >= 0)
                    put_half(w + r * w_stride + b * f->bytes + f->halves[i]);
    weights *wd = malloc(ROWS * blocks * sizeof(weights));
    for (size_t r = 0; r < ROWS; r++)
        for (size_t b = 0; b < blocks; b++)
            wd[r * blocks + b] = decode(f, w + r * w_stride, b);

    float *x = activation_input(k, x_stride);
    activations *ad = malloc(COLUMNS * blocks * sizeof(activations));
    uint8_t *a_ref = malloc(COLUMNS * a_bytes), *a = malloc(COLUMNS * a_bytes);
    for (size_t c = 0; c < COLUMNS; c++) {
        for (size_t b = 0; b < blocks; b++)
            ad[c * blocks + b] = quantize(x + c * x_stride + 32 * b);
        lay_out(a_ref + c * a_bytes, ad + c * blocks, blocks);
    }
    uint64_t digest = fnv(FNV_START, a_ref, COLUMNS * a_bytes);
    if (available) {
        qmm_quantize_rows(a, x, x_stride * sizeof(float), k, 0, 2);
        qmm_quantize_rows(a, x, x_stride * sizeof(float), k, 2, COLUMNS);
        snprintf(what, sizeof what, "qmm activations k=%zu equal the reference's", k);
        check(memcmp(a, a_ref, COLUMNS * a_bytes) == 0, what);
    }

    float expected[COLUMNS][ROWS];
    for (size_t c = 0; c < COLUMNS; c++)
        for (size_t r = 0; r < ROWS; r++) {
            expected[c][r] = ordered(wd + r * blocks, ad + c * blocks, blocks, qmm_split(f->type));
            double magnitude, e = exact(wd + r * blocks, ad + c * blocks, blocks, &magnitude);
            snprintf(what, sizeof what, "qmm %s k=%zu row %zu column %zu: reference within 1e-5 of double", f->name, k, r, c);
            check(fabs(expected[c][r] - e) <= 1e-5 * magnitude, what);
        }
    digest = fnv(digest, (const uint8_t *)expected, sizeof expected);

    if (available) {
        static const size_t ranges[4][2] = { { 0, ROWS }, { 3, 11 }, { 5, 6 }, { 12, ROWS } };
        const size_t out_stride = ROWS + 3;
        float out[COLUMNS * (ROWS + 3)];
        const float untouched = -1.25e-7f;
        for (size_t columns = 1; columns <= COLUMNS; columns++)
            for (int g = 0; g < 4; g++) {
                const size_t first = ranges[g][0], end = ranges[g][1];
                for (size_t i = 0; i < COLUMNS * out_stride; i++)
                    out[i] = untouched;
                qmm_matmul(out, out_stride, w, w_stride, f->type, a_ref, columns, k, first, end);
                int same = 1;
                for (size_t c = 0; c < COLUMNS; c++)
                    for (size_t r = 0; r < out_stride; r++) {
                        int written = c < columns && r >= first && r < end;
                        same &= bits(out[c * out_stride + r]) == bits(written ? expected[c][r] : untouched);
                    }
                snprintf(what, sizeof what, "qmm %s k=%zu columns=%zu rows [%zu, %zu): the reference's bits", f->name, k,
                         columns, first, end);
                check(same, what);
            }
    }
    printf("qmm %s k=%zu: %016llx\n", f->name, k, (unsigned long long)digest);
    free(w), free(wd), free(x), free(ad), free(a_ref), free(a);
}

#if defined(__aarch64__)
/* A kernel called where qmm_available() is 0 must stop the program, not run the NEON code. */
static void refused(void)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        if (!freopen("/dev/null", "w", stderr))
            _exit(2);
        float out[4];
        uint8_t none[64] = { 0 };
        qmm_matmul(out, 4, none, 18, QMM_Q4_0, none, 1, 32, 0, 1);
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    check(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "qmm_matmul stops the program where qmm_available() is 0");
}
#endif

void quantized_products(void)
{
    const int available = qmm_available();
    const char *expect = getenv("QMM_EXPECT");
    if (expect != NULL)
        check(available == (strcmp(expect, "available") == 0), "qmm_available() as QMM_EXPECT says");
    fprintf(stderr, "quantized products: kernels %s\n", available ? "checked against the reference" : "unavailable");
#if defined(__aarch64__)
    if (!available)
        refused();
#endif
    static const size_t small_k[3] = { 160, 1024, 4448 }, super_k[3] = { 256, 768, 4352 };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        for (int j = 0; j < 3; j++)
            one_shape(&formats[i], formats[i].values == 32 ? small_k[j] : super_k[j], available);
}
