/* Fq2 = Fq[u] / (u^2 + 1). */
#include "tower_internal.h"

const bn254_fp2 bn254_fp2_zero = {{{0, 0, 0, 0}}, {{0, 0, 0, 0}}};
const bn254_fp2 bn254_fp2_one = {{{BN254_FP_FIELD_ONE}}, {{0, 0, 0, 0}}};

/* 1/2 in Montgomery form: pow(2, -1, p) * 2^256 mod p (Python). */
static const bn254_fp fp_half = {
    {0x87bee7d24f060572ULL, 0xd0fd2add2f1c6ae5ULL, 0x8f5f7492fcfd4f44ULL, 0x1f37631a3d9cbfacULL}};

void bn254_fp2_add(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b) { fp2_add(r, a, b); }
void bn254_fp2_sub(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b) { fp2_sub(r, a, b); }
void bn254_fp2_neg(bn254_fp2 *r, const bn254_fp2 *a) { fp2_neg(r, a); }
void bn254_fp2_dbl(bn254_fp2 *r, const bn254_fp2 *a) { fp2_dbl(r, a); }
void bn254_fp2_mul_fp(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp *b) { fp2_mul_fp(r, a, b); }
void bn254_fp2_mul_by_nonresidue(bn254_fp2 *r, const bn254_fp2 *a) { fp2_mul_by_nonresidue(r, a); }
void bn254_fp2_conj(bn254_fp2 *r, const bn254_fp2 *a) { fp2_conj(r, a); }
int bn254_fp2_is_zero(const bn254_fp2 *a) { return fp2_is_zero(a); }
int bn254_fp2_eq(const bn254_fp2 *a, const bn254_fp2 *b) { return fp2_eq(a, b); }

/*
 * Karatsuba with one reduction per coefficient: the three products are kept double-width,
 * combined, and reduced twice (2 reductions instead of 3; the multiplier is the bottleneck).
 * c1 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1 = a0 b1 + a1 b0 < 2 p^2 needs no correction;
 * c0 = a0 b0 - a1 b1 is taken mod p * 2^256 to stay non-negative.
 */
void bn254_fp2_mul(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b)
{
    uint64_t t0[8], t1[8], t2[8], sa[4], sb[4];
    wide_mul(t0, a->c0.v, b->c0.v);
    wide_mul(t1, a->c1.v, b->c1.v);
    limb_add(sa, a->c0.v, a->c1.v);
    limb_add(sb, b->c0.v, b->c1.v);
    wide_mul(t2, sa, sb);
    wide_sub(t2, t2, t0);
    wide_sub(t2, t2, t1);
    wide_sub_mod(t0, t0, t1, &BN254_FP_FIELD);
    mont_redc(r->c0.v, t0, &BN254_FP_FIELD);
    mont_redc(r->c1.v, t2, &BN254_FP_FIELD);
}

/*
 * Complex squaring: (a0 + a1 u)^2 = (a0 + a1)(a0 - a1) + 2 a0 a1 u, two Fq products whose
 * first factors (a0 + a1 and 2 a0) are left unreduced.
 */
void bn254_fp2_sqr(bn254_fp2 *r, const bn254_fp2 *a)
{
    uint64_t s[4], d[4], twice[4];
    limb_add(s, a->c0.v, a->c1.v);
    mont_sub(d, a->c0.v, a->c1.v, &BN254_FP_FIELD);
    limb_add(twice, a->c0.v, a->c0.v);
    mont_mul(r->c1.v, twice, a->c1.v, &BN254_FP_FIELD);
    mont_mul(r->c0.v, s, d, &BN254_FP_FIELD);
}

/* 1 / (a0 + a1 u) = (a0 - a1 u) / (a0^2 + a1^2): one Fq inversion of the norm. */
int bn254_fp2_inv(bn254_fp2 *r, const bn254_fp2 *a)
{
    bn254_fp n, t;
    fp_sqr(&n, &a->c0);
    fp_sqr(&t, &a->c1);
    fp_add(&n, &n, &t);
    if (!bn254_fp_inv(&n, &n)) {
        *r = bn254_fp2_zero;
        return 0;
    }
    fp_mul(&r->c0, &a->c0, &n);
    fp_mul(&t, &a->c1, &n);
    fp_neg(&r->c1, &t);
    return 1;
}

/*
 * Square root through the norm N(a) = a0^2 + a1^2 (a is a square in Fq2 exactly when N(a)
 * is a square in Fq). If x = x0 + x1 u squares to a then x0^2 - x1^2 = a0, 2 x0 x1 = a1 and
 * x0^2 + x1^2 = +-sqrt(N(a)), so x0^2 = (a0 +- sqrt(N(a))) / 2 for one of the signs and
 * x1 = a1 / (2 x0). x0 = 0 only when a1 = 0, which is handled separately: then a = a0 and
 * since -1 is not a square in Fq, exactly one of sqrt(a0) and sqrt(-a0) * u exists.
 */
int bn254_fp2_sqrt(bn254_fp2 *r, const bn254_fp2 *a)
{
    bn254_fp2 x;
    if (fp_is_zero(&a->c1)) {
        bn254_fp t;
        if (bn254_fp_sqrt(&t, &a->c0)) {
            x.c0 = t;
            x.c1 = bn254_fp_zero;
        } else {
            fp_neg(&t, &a->c0);
            if (!bn254_fp_sqrt(&t, &t))
                return 0;
            x.c0 = bn254_fp_zero;
            x.c1 = t;
        }
        *r = x;
        return 1;
    }
    bn254_fp n, t, s;
    fp_sqr(&n, &a->c0);
    fp_sqr(&t, &a->c1);
    fp_add(&n, &n, &t);
    if (!bn254_fp_sqrt(&s, &n))
        return 0;
    fp_add(&t, &a->c0, &s);
    fp_mul(&t, &t, &fp_half);
    if (!bn254_fp_sqrt(&x.c0, &t)) {
        fp_sub(&t, &a->c0, &s);
        fp_mul(&t, &t, &fp_half);
        if (!bn254_fp_sqrt(&x.c0, &t))
            return 0;
    }
    fp_dbl(&t, &x.c0);
    bn254_fp_inv(&t, &t);
    fp_mul(&x.c1, &a->c1, &t);
    /* guards the derivation above: a wrong root is never returned */
    bn254_fp2 check;
    fp2_sqr(&check, &x);
    if (!fp2_eq(&check, a))
        return 0;
    *r = x;
    return 1;
}
