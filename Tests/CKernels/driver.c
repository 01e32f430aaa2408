/*
 * A test driver for the C kernels alone (no Swift), so that they can be built with a cross
 * compiler and run under an emulator: scripts/test-arm64.sh builds it for x86-64 and for aarch64,
 * runs both, and compares their outputs byte for byte. Each check below also stands on its own:
 *   - field chains (Fq, Fr) against fixed values from Python's big integers
 *     (scripts/vectors/kernel_chains.py);
 *   - Poseidon against circomlib's published hashes (circomlibjs test vectors);
 *   - the NTT against direct evaluation, two splits against each other, and the round trip;
 *   - MSM on G1 (several plans) and G2 against the sum of single scalar multiplications, with
 *     infinity bases, zero scalars, repeated and opposite points among the inputs;
 *   - the pairing's bilinearity, and a pairing check that accepts and one that rejects;
 *   - the quantized matrix products against a scalar reference (quant_products.c);
 *   - on x86-64 with BMI2/ADX, the MULX/ADCX/ADOX products and reduction against the portable
 *     C on random and extreme inputs (this prints nothing, so that outputs stay comparable).
 * Every printed line is the same on every architecture and kernel choice; a failed check prints
 * FAIL and makes the exit status 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bn254.h"
#include "msm.h"
#include "ntt.h"
#include "poseidon.h"
#include "../../CSources/CBN254/field_internal.h"
#include "driver.h"

static int failures;

void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static void hex(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

/* A deterministic stream of 64-bit words (splitmix64), the same on every platform. */
static uint64_t stream = 0x9e3779b97f4a7c15ULL;
static uint64_t next_word(void)
{
    uint64_t z = (stream += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void random_fr(bn254_fr *r)
{
    uint8_t wide[64];
    for (int i = 0; i < 8; i++) {
        uint64_t w = next_word();
        for (int b = 0; b < 8; b++)
            wide[8 * i + b] = (uint8_t)(w >> (8 * b));
    }
    bn254_fr_from_bytes_wide_le(r, wide);
}

/* ------------------------------------------------------------------ field chains */

/* The chain of kernel_chains.py: mul, add, sqr, sub, dbl, neg and inv, 20000 rounds. */
#define FIELD_CHAIN(F, T)                                                                    \
    static void F##_chain(uint8_t x_out[32], uint8_t y_out[32])                              \
    {                                                                                        \
        T x, y, t;                                                                           \
        bn254_##F##_from_u64(&x, 3);                                                         \
        bn254_##F##_from_u64(&y, 5);                                                         \
        for (uint64_t i = 0; i < 20000; i++) {                                               \
            bn254_##F##_mul(&x, &x, &y);                                                     \
            bn254_##F##_from_u64(&t, i);                                                     \
            bn254_##F##_add(&x, &x, &t);                                                     \
            bn254_##F##_sqr(&y, &y);                                                         \
            bn254_##F##_sub(&y, &y, &x);                                                     \
            if (i % 5 == 0)                                                                  \
                bn254_##F##_dbl(&x, &x);                                                     \
            if (i % 7 == 0)                                                                  \
                bn254_##F##_neg(&y, &y);                                                     \
            if (i % 1000 == 999)                                                             \
                bn254_##F##_inv(&x, &x);                                                     \
        }                                                                                    \
        bn254_##F##_to_bytes_be(x_out, &x);                                                  \
        bn254_##F##_to_bytes_be(y_out, &y);                                                  \
    }
FIELD_CHAIN(fp, bn254_fp)
FIELD_CHAIN(fr, bn254_fr)

static void field_chains(void)
{
    static const struct { const char *name, *x, *y; } expected[] = {
        /* fq: x = 3546220264336763960476777589577767167992393659708335751414915456002236497670,
               y = 7069359563021890181104236347578843864923779683149048545869368180523325585899 */
        {"fq", "07d716ec29655ddb6bc1ade605554b53cbca0f6aca505826908c27a716e63f06",
         "0fa11d9fb9cf2ab97876c76fcc0175ff02c7eecc57f376c2320f7e6a5b1df9eb"},
        /* fr: x = 13391638734339015250899737561060479633528290976709664250332878017799168209905,
               y = 20421607655205324850829882854596065677917124403901557932182691827089797663134 */
        {"fr", "1d9b661f9ca83981247d43cae8f9ad0742837d8d7928ab9b4fadebb1efd433f1",
         "2d26386737543e51d9c5b1e34be416ca25f0968847490f6b304e25f8b1f9c99e"},
    };
    for (int f = 0; f < 2; f++) {
        uint8_t x[32], y[32];
        char xs[65], ys[65];
        if (f == 0)
            fp_chain(x, y);
        else
            fr_chain(x, y);
        hex(xs, x, 32);
        hex(ys, y, 32);
        printf("%s chain x=%s y=%s\n", expected[f].name, xs, ys);
        check(strcmp(xs, expected[f].x) == 0 && strcmp(ys, expected[f].y) == 0, expected[f].name);
    }
}

/* ------------------------------------------------------------------ Poseidon */

static void poseidon(void)
{
    /* circomlibjs's poseidon tests: Poseidon([1, 2]) and Poseidon([0, 0]) (decimal there). */
    static const struct { uint64_t a, b; const char *hash; } known[] = {
        {1, 2, "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"},
        {0, 0, "2098f5fb9e239eab3ceac3f27b81e481dc3124d55ffed523a839ee8446b64864"},
    };
    for (int i = 0; i < 2; i++) {
        bn254_fr a, b, h;
        uint8_t out[32];
        char s[65];
        bn254_fr_from_u64(&a, known[i].a);
        bn254_fr_from_u64(&b, known[i].b);
        poseidon_t3_hash2(&h, &a, &b);
        bn254_fr_to_bytes_be(out, &h);
        hex(s, out, 32);
        printf("poseidon(%llu,%llu)=%s\n", (unsigned long long)known[i].a, (unsigned long long)known[i].b, s);
        check(strcmp(s, known[i].hash) == 0, "poseidon known answer");
    }
    /* a chain of 1000 hashes, compared across platforms */
    bn254_fr x, y;
    bn254_fr_from_u64(&x, 7);
    bn254_fr_from_u64(&y, 11);
    for (int i = 0; i < 1000; i++)
        poseidon_t3_hash2(&x, &x, &y);
    uint8_t out[32];
    char s[65];
    bn254_fr_to_bytes_be(out, &x);
    hex(s, out, 32);
    printf("poseidon chain=%s\n", s);
}

/* ------------------------------------------------------------------ NTT */

static uint64_t fr_digest(const bn254_fr *a, size_t n)
{
    uint64_t h = FNV_START;
    for (size_t i = 0; i < n; i++) {
        uint8_t b[32];
        bn254_fr_to_bytes_be(b, &a[i]);
        h = fnv(h, b, 32);
    }
    return h;
}

static size_t bit_reverse(size_t i, unsigned bits)
{
    size_t r = 0;
    for (unsigned b = 0; b < bits; b++)
        r |= ((i >> b) & 1) << (bits - 1 - b);
    return r;
}

static void forward(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw, bn254_ntt_kernel kernel)
{
    bn254_fr *scratch = malloc(sizeof(bn254_fr) * ((size_t)BN254_NTT_TILE << log_rows));
    bn254_ntt_forward_columns(a, log_n, log_rows, tw, 0, bn254_ntt_column_chunks(log_n, log_rows), scratch, kernel);
    bn254_ntt_forward_blocks(a, log_n, log_rows, tw, 0, (size_t)1 << log_rows, kernel);
    free(scratch);
}

static void inverse(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw, bn254_ntt_kernel kernel)
{
    bn254_fr *scratch = malloc(sizeof(bn254_fr) * ((size_t)BN254_NTT_TILE << log_rows));
    bn254_ntt_inverse_blocks(a, log_n, log_rows, tw, 0, (size_t)1 << log_rows, kernel);
    bn254_ntt_inverse_columns(a, log_n, log_rows, tw, 0, bn254_ntt_column_chunks(log_n, log_rows), scratch, kernel);
    free(scratch);
}

static void ntt(void)
{
    enum { LOG_N = 12, N = 1 << LOG_N };
    bn254_fr root = bn254_fr_root_of_unity_2_28;
    for (int i = LOG_N; i < 28; i++)
        bn254_fr_sqr(&root, &root);
    bn254_fr *tw = malloc(sizeof(bn254_fr) * N / 2), *coeffs = malloc(sizeof(bn254_fr) * N);
    bn254_fr *a = malloc(sizeof(bn254_fr) * N), *b = malloc(sizeof(bn254_fr) * N);
    bn254_ntt_twiddles(tw, LOG_N, &root);
    for (size_t i = 0; i < N; i++)
        random_fr(&coeffs[i]);

    memcpy(a, coeffs, sizeof(bn254_fr) * N);
    forward(a, LOG_N, 0, tw, BN254_NTT_SCALAR);
    uint64_t digest = fr_digest(a, N);
    printf("ntt 2^%d forward digest=%016llx\n", LOG_N, (unsigned long long)digest);

    /* position p holds the value at root^brv(p) */
    for (size_t p = 0; p < N; p += 409) {
        bn254_fr z, v;
        uint64_t e[1] = {bit_reverse(p, LOG_N)};
        bn254_fr_pow(&z, &root, e, 1);
        bn254_fr_poly_eval(&v, coeffs, N, &z);
        check(bn254_fr_eq(&v, &a[p]), "ntt value equals direct evaluation");
    }

    /* a column pass and a block pass, and the best kernel, give the same values */
    bn254_ntt_kernel kernels[2] = {BN254_NTT_SCALAR, bn254_ntt_best_kernel()};
    for (int k = 0; k < 2; k++) {
        memcpy(b, coeffs, sizeof(bn254_fr) * N);
        forward(b, LOG_N, 5, tw, kernels[k]);
        check(fr_digest(b, N) == digest, "ntt split and kernel agree");
        inverse(b, LOG_N, 5, tw, kernels[k]);
        bn254_fr n_inv;
        bn254_fr_from_u64(&n_inv, N);
        bn254_fr_inv(&n_inv, &n_inv);
        bn254_fr_vec_scale(b, b, &n_inv, N);
        check(memcmp(b, coeffs, sizeof(bn254_fr) * N) == 0, "ntt round trip");
    }
    free(tw), free(coeffs), free(a), free(b);
}

/* ------------------------------------------------------------------ MSM */

static void print_g1(const char *name, const bn254_g1 *p)
{
    bn254_g1_affine a;
    uint8_t enc[64];
    char s[129];
    bn254_g1_to_affine(&a, p);
    bn254_g1_encode(enc, &a);
    hex(s, enc, 64);
    printf("%s=%s\n", name, s);
}

/* The four steps of msm.h on one thread, every task in turn. */
#define MSM_RUN(G)                                                                            \
    static void msm_##G##_run(bn254_##G *r, const bn254_##G##_affine *bases, const bn254_fr *scalars, \
                              size_t n, bn254_msm_plan plan)                                   \
    {                                                                                         \
        int16_t *digits = malloc(sizeof(int16_t) * plan.windows * n);                         \
        bn254_msm_digits(digits, scalars, &plan, 0, n);                                       \
        void *scratch = aligned_alloc(64, (bn254_msm_##G##_scratch_size(&plan) + 63) & ~(size_t)63); \
        bn254_##G *sums = malloc(sizeof(bn254_##G) * plan.point_parts * plan.windows);        \
        for (unsigned t = 0; t < plan.point_parts * plan.window_parts; t++)                   \
            bn254_msm_##G##_accumulate(sums, bases, digits, &plan, t, scratch);               \
        bn254_msm_##G##_combine(r, sums, &plan);                                              \
        free(digits), free(scratch), free(sums);                                              \
    }
MSM_RUN(g1)
MSM_RUN(g2)

static void msm(void)
{
    enum { N = 600 };
    bn254_g1 g, *jac = malloc(sizeof(bn254_g1) * N);
    bn254_g1_affine *bases = malloc(sizeof(bn254_g1_affine) * N);
    bn254_fr *scalars = malloc(sizeof(bn254_fr) * N);
    bn254_g1_generator(&g);
    for (size_t i = 0; i < N; i++) {
        bn254_fr k;
        uint64_t c[4];
        random_fr(&k);
        bn254_fr_to_canonical(c, &k);
        bn254_g1_mul(&jac[i], &g, c);
        random_fr(&scalars[i]);
    }
    bn254_g1_batch_to_affine(bases, jac, N);
    /* the cases the bucket code treats apart */
    bases[5] = (bn254_g1_affine){0};            /* infinity */
    scalars[7] = bn254_fr_zero;                 /* zero scalar */
    bn254_fr_neg(&scalars[9], &bn254_fr_one);   /* r - 1 */
    bases[11] = bases[10];                      /* a repeated point: doublings in the buckets */
    scalars[11] = scalars[10];
    bases[13] = bases[12];                      /* an opposite point: cancellations */
    bn254_fp_neg(&bases[13].y, &bases[12].y);
    scalars[13] = scalars[12];

    bn254_g1 naive;
    bn254_g1_set_infinity(&naive);
    for (size_t i = 0; i < N; i++) {
        bn254_g1 p, t;
        uint64_t c[4];
        bn254_fr_to_canonical(c, &scalars[i]);
        bn254_g1_from_affine(&p, &bases[i]);
        bn254_g1_mul(&t, &p, c);
        bn254_g1_add(&naive, &naive, &t);
    }
    print_g1("msm g1 600", &naive);

    bn254_msm_plan planned = bn254_msm_g1_plan(N, 1), split = planned;
    split.point_parts = 3;
    split.window_parts = 2;
    const bn254_msm_plan plans[] = {planned, split};
    for (int p = 0; p < 2; p++)
        for (int vector = 0; vector <= bn254_msm_vector_available(); vector++) {
            bn254_msm_plan plan = plans[p];
            plan.vector = vector;
            bn254_g1 r;
            msm_g1_run(&r, bases, scalars, N, plan);
            check(bn254_g1_eq(&r, &naive), "msm g1 equals the naive sum");
        }

    enum { M = 40 };
    bn254_g2 h, g2_naive, g2_msm;
    bn254_g2 *g2_jac = malloc(sizeof(bn254_g2) * M);
    bn254_g2_affine *g2_bases = malloc(sizeof(bn254_g2_affine) * M);
    bn254_g2_generator(&h);
    bn254_g2_set_infinity(&g2_naive);
    for (size_t i = 0; i < M; i++) {
        uint64_t c[4] = {next_word(), next_word(), 0, 0};
        bn254_g2_mul(&g2_jac[i], &h, c);
    }
    bn254_g2_batch_to_affine(g2_bases, g2_jac, M);
    for (size_t i = 0; i < M; i++) {
        bn254_g2 t;
        uint64_t c[4];
        bn254_fr_to_canonical(c, &scalars[i]);
        bn254_g2_mul(&t, &g2_jac[i], c);
        bn254_g2_add(&g2_naive, &g2_naive, &t);
    }
    msm_g2_run(&g2_msm, g2_bases, scalars, M, bn254_msm_g2_plan(M, 1));
    check(bn254_g2_eq(&g2_msm, &g2_naive), "msm g2 equals the naive sum");
    bn254_g2_affine a;
    uint8_t enc[128];
    char s[257];
    bn254_g2_to_affine(&a, &g2_naive);
    bn254_g2_encode(enc, &a);
    hex(s, enc, 128);
    printf("msm g2 40=%s\n", s);
    free(jac), free(bases), free(scalars), free(g2_jac), free(g2_bases);
}

/* ------------------------------------------------------------------ pairing */

static uint64_t fp12_digest(const bn254_fp12 *x)
{
    const bn254_fp *c = (const bn254_fp *)x; /* twelve Fq coefficients, in struct order */
    uint64_t h = FNV_START;
    for (int i = 0; i < 12; i++) {
        uint8_t b[32];
        bn254_fp_to_bytes_be(b, &c[i]);
        h = fnv(h, b, 32);
    }
    return h;
}

static void pairing(void)
{
    bn254_g1 g1, p;
    bn254_g2 g2, q;
    bn254_g1_affine g1a, pa, minus_abg1;
    bn254_g2_affine g2a, qa;
    bn254_g1_generator(&g1);
    bn254_g2_generator(&g2);
    bn254_fr a, b, ab;
    random_fr(&a);
    random_fr(&b);
    bn254_fr_mul(&ab, &a, &b);
    uint64_t ac[4], bc[4], abc[4];
    bn254_fr_to_canonical(ac, &a);
    bn254_fr_to_canonical(bc, &b);
    bn254_fr_to_canonical(abc, &ab);
    bn254_g1_mul(&p, &g1, ac);
    bn254_g2_mul(&q, &g2, bc);
    bn254_g1_to_affine(&g1a, &g1);
    bn254_g2_to_affine(&g2a, &g2);
    bn254_g1_to_affine(&pa, &p);
    bn254_g2_to_affine(&qa, &q);

    bn254_fp12 e, e_ab, e_pq;
    bn254_pairing(&e, &g1a, &g2a);
    bn254_fp12_pow(&e_ab, &e, abc, 4);
    bn254_pairing(&e_pq, &pa, &qa);
    check(bn254_fp12_eq(&e_pq, &e_ab), "e(aG1, bG2) = e(G1, G2)^(ab)");
    check(!bn254_fp12_is_one(&e), "e(G1, G2) is not 1");
    printf("pairing e(G1,G2) digest=%016llx e(aG1,bG2) digest=%016llx\n", (unsigned long long)fp12_digest(&e),
           (unsigned long long)fp12_digest(&e_pq));

    /* e(aG1, bG2) e(-ab G1, G2) = 1, and not with ab + 1 */
    bn254_g1 t;
    bn254_g1_mul(&t, &g1, abc);
    bn254_g1_neg(&t, &t);
    bn254_g1_to_affine(&minus_abg1, &t);
    bn254_g1_affine ps[2] = {pa, minus_abg1};
    bn254_g2_affine qs[2] = {qa, g2a};
    int accepted = bn254_pairing_check(ps, qs, 2);
    abc[0] += 1; /* ab < r, so ab + 1 stays a different exponent */
    bn254_g1_mul(&t, &g1, abc);
    bn254_g1_neg(&t, &t);
    bn254_g1_to_affine(&ps[1], &t);
    int rejected = !bn254_pairing_check(ps, qs, 2);
    printf("pairing check accepts=%d rejects=%d\n", accepted, rejected);
    check(accepted && rejected, "pairing check");
}

/* ------------------------------------------------------------------ ADX against portable */

#ifdef BN254_FIELD_ADX
/* A 4-limb value below `bound` (= m or 2m): random, or next to 0 or the bound. */
static void value_below(uint64_t x[4], const uint64_t bound[4], unsigned kind)
{
    uint64_t borrow = 0;
    switch (kind % 4) {
    case 0: /* bound - 1 - small */
        for (int i = 0; i < 4; i++)
            x[i] = subb(bound[i], i == 0 ? 1 + (next_word() & 7) : 0, &borrow);
        return;
    case 1:
        x[0] = next_word() & 7, x[1] = x[2] = x[3] = 0;
        return;
    default: /* random: top limb below the bound's top limb */
        for (int i = 0; i < 3; i++)
            x[i] = next_word();
        x[3] = next_word() % bound[3];
    }
}

static void adx_matches_portable(const mont_field *f, const char *name)
{
    uint64_t twice[4], mismatches = 0;
    limb_add(twice, f->m, f->m);
    for (unsigned i = 0; i < 200000; i++) {
        uint64_t a[4], b[4], x[4], y[4], wx[8], wy[8];
        value_below(a, i & 1 ? twice : f->m, i / 2); /* one factor may be an unreduced sum */
        value_below(b, f->m, i / 8);
        mont_mul_portable(x, a, b, f);
        mont_mul_adx(y, a, b, f);
        mismatches += !mont_eq(x, y);
        wide_mul_portable(wx, a, b);
        wide_mul_adx(wy, a, b);
        mismatches += memcmp(wx, wy, sizeof wx) != 0;
        /* a sum of three products (as Poseidon's and Fq2's) stays below m * 2^256 */
        if (i % 3 == 0) {
            uint64_t c = 0;
            for (int k = 0; k < 8; k++)
                wx[k] = addc(wx[k], wy[k], &c);
        }
        if (a[3] < f->m[3]) { /* a < m: the product is a valid reduction input */
            mont_redc_portable(x, wx, f);
            mont_redc_adx(y, wx, f);
            mismatches += !mont_eq(x, y);
        }
    }
    if (mismatches)
        printf("FAIL %s: %llu ADX results differ from the portable ones\n", name, (unsigned long long)mismatches);
    failures += mismatches != 0;
}
#endif

static void adx(void)
{
#ifdef BN254_FIELD_ADX
    if (bn254_kernel_features_supported() & BN254_KERNEL_ADX) {
        adx_matches_portable(&BN254_FP_FIELD, "fq");
        adx_matches_portable(&BN254_FR_FIELD, "fr");
    }
#endif
}

int main(void)
{
    field_chains();
    poseidon();
    ntt();
    msm();
    pairing();
    adx();
    quantized_products();
    printf(failures ? "%d checks FAILED\n" : "all checks passed\n", failures);
    return failures != 0;
}
