/* Fq12 = Fq6[w] / (w^2 - v), so w^6 = v^3 = xi. */
#include "tower_internal.h"

const bn254_fp12 bn254_fp12_one = {
    {{{{BN254_FP_FIELD_ONE}}, {{0, 0, 0, 0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}},
    {{{{0}}, {{0}}}, {{{0}}, {{0}}}, {{{0}}, {{0}}}},
};

/*
 * Frobenius coefficients. Viewing a as sum_k x_k w^k over Fq2 coefficients x_k,
 * (x_k w^k)^(p^n) = x_k^(p^n) w^k (w^6)^(k (p^n - 1) / 6) = x_k^(p^n) xi^(k (p^n - 1) / 6) w^k
 * (6 divides p^n - 1 since p = 1 mod 6). gamma[n-1][k-1] = xi^(k (p^n - 1) / 6) in Montgomery
 * form, computed with Python big integers (Fq2 square-and-multiply, xi = 9 + u). For even n
 * the coefficients lie in Fq.
 */
static const bn254_fp2 gamma[3][5] = {
    {/* a^(p^1) */
        {{{0xaf9ba69633144907ULL, 0xca6b1d7387afb78aULL, 0x11bded5ef08a2087ULL, 0x02f34d751a1f3a7cULL}},
         {{0xa222ae234c492d72ULL, 0xd00f02a4565de15bULL, 0xdc2ff3a253dfc926ULL, 0x10a75716b3899551ULL}}}, /* k = 1 */
        {{{0xb5773b104563ab30ULL, 0x347f91c8a9aa6454ULL, 0x7a007127242e0991ULL, 0x1956bcd8118214ecULL}},
         {{0x6e849f1ea0aa4757ULL, 0xaa1c7b6d89f89141ULL, 0xb6e713cdfae0ca3aULL, 0x26694fbb4e82ebc3ULL}}}, /* k = 2 */
        {{{0xe4bbdd0c2936b629ULL, 0xbb30f162e133bacbULL, 0x31a9d1b6f9645366ULL, 0x253570bea500f8ddULL}},
         {{0xa1d77ce45ffe77c7ULL, 0x07affd117826d1dbULL, 0x6d16bd27bb7edc6bULL, 0x2c87200285defeccULL}}}, /* k = 3 */
        {{{0x7361d77f843abe92ULL, 0xa5bb2bd3273411fbULL, 0x9c941f314b3e2399ULL, 0x15df9cddbb9fd3ecULL}},
         {{0x5dddfd154bd8c949ULL, 0x62cb29a5a4445b60ULL, 0x37bc870a0c7dd2b9ULL, 0x24830a9d3171f0fdULL}}}, /* k = 4 */
        {{{0xc970692f41690fe7ULL, 0xe240342127694b0bULL, 0x32bee66b83c459e8ULL, 0x12aabced0ab08841ULL}},
         {{0x0d485d2340aebfa9ULL, 0x05193418ab2fcc57ULL, 0xd3b0a40b8a4910f5ULL, 0x2f21ebb535d2925aULL}}}, /* k = 5 */
    },
    {/* a^(p^2) */
        {{{0xca8d800500fa1bf2ULL, 0xf0c5d61468b39769ULL, 0x0e201271ad0d4418ULL, 0x04290f65bad856e6ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}}, /* k = 1, in Fq */
        {{{0x3350c88e13e80b9cULL, 0x7dce557cdb5e56b9ULL, 0x6001b4b8b615564aULL, 0x2682e617020217e0ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}}, /* k = 2, in Fq */
        {{{0x68c3488912edefaaULL, 0x8d087f6872aabf4fULL, 0x51e1a24709081231ULL, 0x2259d6b14729c0faULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}}, /* k = 3, in Fq */
        {{{0x71930c11d782e155ULL, 0xa6bb947cffbe3323ULL, 0xaa303344d4741444ULL, 0x2c3b3f0d26594943ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}}, /* k = 4, in Fq */
        {{{0x08cfc388c494f1abULL, 0x19b315148d1373d4ULL, 0x584e90fdcb6c0213ULL, 0x09e1685bdf2f8849ULL}},
         {{0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL, 0x0000000000000000ULL}}}, /* k = 5, in Fq */
    },
    {/* a^(p^3) */
        {{{0x365316184e46d97dULL, 0x0af7129ed4c96d9fULL, 0x659da72fca1009b5ULL, 0x08116d8983a20d23ULL}},
         {{0xb1df4af7c39c1939ULL, 0x3d9f02878a73bf7fULL, 0x9b2220928caf0ae0ULL, 0x26684515eff054a6ULL}}}, /* k = 1 */
        {{{0xc9af22f716ad6badULL, 0xb311782a4aa662b2ULL, 0x19eeaf64e248c7f4ULL, 0x20273e77e3439f82ULL}},
         {{0xacc02860f7ce93acULL, 0x3933d5817ba76b4cULL, 0x69e6188b446c8467ULL, 0x0a46036d4417cc55ULL}}}, /* k = 2 */
        {{{0x5764af0aaf46471eULL, 0xdc50792e873e0fc1ULL, 0x86a673ff881d04f6ULL, 0x0b2eddb43c30a74cULL}},
         {{0x9a490f32787e8580ULL, 0x8fd16d7ff04af8b1ULL, 0x4b39888ec6027bf2ULL, 0x03dd2e705b52a15dULL}}}, /* k = 3 */
        {{{0x448a93a57b6762dfULL, 0xbfd62df528fdeadfULL, 0xd858f5d00e9bd47aULL, 0x06b03d4d3476ec58ULL}},
         {{0x2b19daf4bcc936d1ULL, 0xa1a54e7a56f4299fULL, 0xb533eee05adeaef1ULL, 0x170c812b84dda0b2ULL}}}, /* k = 4 */
        {{{0xe0bc4b2275cf559fULL, 0xc238b945c154e60fULL, 0x803982a5929a7d5eULL, 0x15ce052df7e4a37eULL}},
         {{0x2d28efbdbf3799a7ULL, 0x9b097e3c1ad60773ULL, 0x982d4113af4a535bULL, 0x24e18991e3056063ULL}}}, /* k = 5 */
    },
};

/* Karatsuba: three Fq6 products. */
void bn254_fp12_mul(bn254_fp12 *r, const bn254_fp12 *a, const bn254_fp12 *b)
{
    bn254_fp6 t0, t1, x, y;
    bn254_fp6_mul(&t0, &a->c0, &b->c0);
    bn254_fp6_mul(&t1, &a->c1, &b->c1);
    bn254_fp6_add(&x, &a->c0, &a->c1);
    bn254_fp6_add(&y, &b->c0, &b->c1);
    bn254_fp6_mul(&x, &x, &y);
    bn254_fp6_sub(&x, &x, &t0);
    bn254_fp6_sub(&r->c1, &x, &t1);
    bn254_fp6_mul_by_nonresidue(&t1, &t1);
    bn254_fp6_add(&r->c0, &t0, &t1);
}

/* Complex squaring: c0 = (a0 + a1)(a0 + v a1) - a0 a1 - v a0 a1, c1 = 2 a0 a1. */
void bn254_fp12_sqr(bn254_fp12 *r, const bn254_fp12 *a)
{
    bn254_fp6 ab, s, t;
    bn254_fp6_mul(&ab, &a->c0, &a->c1);
    bn254_fp6_add(&s, &a->c0, &a->c1);
    bn254_fp6_mul_by_nonresidue(&t, &a->c1);
    bn254_fp6_add(&t, &t, &a->c0);
    bn254_fp6_mul(&s, &s, &t);
    bn254_fp6_sub(&s, &s, &ab);
    bn254_fp6_mul_by_nonresidue(&t, &ab);
    bn254_fp6_sub(&r->c0, &s, &t);
    bn254_fp6_add(&r->c1, &ab, &ab);
}

/* (a0 + a1 w)^-1 = (a0 - a1 w) / (a0^2 - v a1^2). */
int bn254_fp12_inv(bn254_fp12 *r, const bn254_fp12 *a)
{
    bn254_fp6 n, t;
    bn254_fp6_sqr(&n, &a->c0);
    bn254_fp6_sqr(&t, &a->c1);
    bn254_fp6_mul_by_nonresidue(&t, &t);
    bn254_fp6_sub(&n, &n, &t);
    if (!bn254_fp6_inv(&n, &n)) {
        r->c0 = r->c1 = n; /* n = 0 here, as inversion of zero leaves zero */
        return 0;
    }
    bn254_fp6_mul(&r->c0, &a->c0, &n);
    bn254_fp6_mul(&t, &a->c1, &n);
    bn254_fp6_neg(&r->c1, &t);
    return 1;
}

/* Conjugation over Fq6, which is a^(p^6): the inverse on the cyclotomic subgroup. */
void bn254_fp12_conj(bn254_fp12 *r, const bn254_fp12 *a)
{
    r->c0 = a->c0;
    bn254_fp6_neg(&r->c1, &a->c1);
}

void bn254_fp12_frobenius(bn254_fp12 *r, const bn254_fp12 *a, unsigned power)
{
    if (power == 0) {
        *r = *a;
        return;
    }
    /* coefficients in the order w^0, w^2, w^4, w^1, w^3, w^5 */
    const bn254_fp2 *in[6] = {&a->c0.c0, &a->c0.c1, &a->c0.c2, &a->c1.c0, &a->c1.c1, &a->c1.c2};
    bn254_fp2 *out[6] = {&r->c0.c0, &r->c0.c1, &r->c0.c2, &r->c1.c0, &r->c1.c1, &r->c1.c2};
    static const int k_of[6] = {0, 2, 4, 1, 3, 5};
    for (int i = 0; i < 6; i++) {
        bn254_fp2 x;
        /* x^p is the conjugate in Fq2, so odd powers conjugate and even powers do not */
        if (power & 1)
            fp2_conj(&x, in[i]);
        else
            x = *in[i];
        if (k_of[i] != 0) {
            const bn254_fp2 *g = &gamma[power - 1][k_of[i] - 1];
            if (power == 2)
                fp2_mul_fp(&x, &x, &g->c0);
            else
                fp2_mul(&x, &x, g);
        }
        *out[i] = x;
    }
}

/*
 * Granger-Scott squaring for elements of the cyclotomic subgroup. Group the coefficients
 * as Fq4 = Fq2[s]/(s^2 - xi) with s = w^3, and a = A + B w + C w^2 with
 * A = x0 + x3 s, B = x1 + x4 s, C = x2 + x5 s (x_k the coefficient of w^k). Then
 * a^2 = (3 A^2 - 2 conj(A)) + (3 s C^2 + 2 conj(B)) w + (3 B^2 - 2 conj(C)) w^2,
 * where conj(z0 + z1 s) = z0 - z1 s; each Fq4 square costs three Fq2 squarings.
 */
static void fp4_sqr(bn254_fp2 *r0, bn254_fp2 *r1, const bn254_fp2 *z0, const bn254_fp2 *z1)
{
    bn254_fp2 t0, t1, t;
    fp2_sqr(&t0, z0);
    fp2_sqr(&t1, z1);
    fp2_add(&t, z0, z1);
    fp2_sqr(&t, &t);
    fp2_sub(&t, &t, &t0);
    fp2_sub(r1, &t, &t1);
    fp2_mul_by_nonresidue(&t1, &t1);
    fp2_add(r0, &t0, &t1);
}

/* r = 3 t - 2 x = 2 (t - x) + t */
static void three_minus_two(bn254_fp2 *r, const bn254_fp2 *t, const bn254_fp2 *x)
{
    bn254_fp2 d;
    fp2_sub(&d, t, x);
    fp2_dbl(&d, &d);
    fp2_add(r, &d, t);
}

/* r = 3 t + 2 x = 2 (t + x) + t */
static void three_plus_two(bn254_fp2 *r, const bn254_fp2 *t, const bn254_fp2 *x)
{
    bn254_fp2 d;
    fp2_add(&d, t, x);
    fp2_dbl(&d, &d);
    fp2_add(r, &d, t);
}

void bn254_fp12_cyclotomic_sqr(bn254_fp12 *r, const bn254_fp12 *a)
{
    const bn254_fp2 *x0 = &a->c0.c0, *x1 = &a->c1.c0, *x2 = &a->c0.c1;
    const bn254_fp2 *x3 = &a->c1.c1, *x4 = &a->c0.c2, *x5 = &a->c1.c2;
    bn254_fp2 a0, a1, b0, b1, c0, c1, sc0;
    fp4_sqr(&a0, &a1, x0, x3);
    fp4_sqr(&b0, &b1, x1, x4);
    fp4_sqr(&c0, &c1, x2, x5);
    /* s (c0 + c1 s) = xi c1 + c0 s */
    fp2_mul_by_nonresidue(&sc0, &c1);

    bn254_fp12 z;
    three_minus_two(&z.c0.c0, &a0, x0);  /* w^0 */
    three_plus_two(&z.c1.c1, &a1, x3);   /* w^3 */
    three_plus_two(&z.c1.c0, &sc0, x1);  /* w^1 */
    three_minus_two(&z.c0.c2, &c0, x4);  /* w^4 */
    three_minus_two(&z.c0.c1, &b0, x2);  /* w^2 */
    three_plus_two(&z.c1.c2, &b1, x5);   /* w^5 */
    *r = z;
}

/* Fixed 4-bit window, variable time in e. */
void bn254_fp12_pow(bn254_fp12 *r, const bn254_fp12 *a, const uint64_t *e, size_t nlimbs)
{
    bn254_fp12 table[16];
    table[0] = bn254_fp12_one;
    table[1] = *a;
    for (int i = 2; i < 16; i++)
        bn254_fp12_mul(&table[i], &table[i - 1], a);
    bn254_fp12 acc = bn254_fp12_one;
    int started = 0;
    for (size_t i = nlimbs; i-- > 0;) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            unsigned nib = (unsigned)(e[i] >> shift) & 15;
            if (started) {
                for (int k = 0; k < 4; k++)
                    bn254_fp12_sqr(&acc, &acc);
            }
            if (nib) {
                bn254_fp12_mul(&acc, &acc, &table[nib]);
                started = 1;
            }
        }
    }
    *r = acc;
}

int bn254_fp12_eq(const bn254_fp12 *a, const bn254_fp12 *b)
{
    return bn254_fp6_eq(&a->c0, &b->c0) & bn254_fp6_eq(&a->c1, &b->c1);
}

int bn254_fp12_is_one(const bn254_fp12 *a)
{
    return bn254_fp12_eq(a, &bn254_fp12_one);
}
