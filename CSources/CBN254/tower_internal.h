/*
 * Internal inline Fq2 arithmetic (u^2 = -1) for the other kernels of this target.
 *
 * Stable names, same meaning as the exported bn254_fp2_* function without the prefix:
 *   fp2_add fp2_sub fp2_neg fp2_dbl fp2_mul fp2_sqr fp2_mul_fp fp2_mul_by_nonresidue
 *   fp2_conj fp2_is_zero fp2_eq
 * fp2_mul and fp2_sqr forward to the out-of-line bn254_fp2_mul / bn254_fp2_sqr (see below).
 * Fq6 and Fq12 operations are large enough that a call costs nothing measurable: use the
 * exported bn254_fp6_* / bn254_fp12_* functions.
 */
#ifndef BN254_TOWER_INTERNAL_H
#define BN254_TOWER_INTERNAL_H

#include "field_internal.h"

BN254_INLINE void fp2_add(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b)
{
    fp_add(&r->c0, &a->c0, &b->c0);
    fp_add(&r->c1, &a->c1, &b->c1);
}

BN254_INLINE void fp2_sub(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b)
{
    fp_sub(&r->c0, &a->c0, &b->c0);
    fp_sub(&r->c1, &a->c1, &b->c1);
}

BN254_INLINE void fp2_neg(bn254_fp2 *r, const bn254_fp2 *a)
{
    fp_neg(&r->c0, &a->c0);
    fp_neg(&r->c1, &a->c1);
}

BN254_INLINE void fp2_dbl(bn254_fp2 *r, const bn254_fp2 *a)
{
    fp_dbl(&r->c0, &a->c0);
    fp_dbl(&r->c1, &a->c1);
}

BN254_INLINE void fp2_conj(bn254_fp2 *r, const bn254_fp2 *a)
{
    r->c0 = a->c0;
    fp_neg(&r->c1, &a->c1);
}

/*
 * Out of line on purpose: inlined into the Fq6/Fq12 formulas, the ~300-instruction body
 * spilled registers and fp6_mul was measured 15% slower than with calls.
 */
BN254_INLINE void fp2_mul(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b) { bn254_fp2_mul(r, a, b); }
BN254_INLINE void fp2_sqr(bn254_fp2 *r, const bn254_fp2 *a) { bn254_fp2_sqr(r, a); }

BN254_INLINE void fp2_mul_fp(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp *b)
{
    fp_mul(&r->c0, &a->c0, b);
    fp_mul(&r->c1, &a->c1, b);
}

/* (a0 + a1 u)(9 + u) = (9 a0 - a1) + (a0 + 9 a1) u; 9x = 8x + x by doublings. */
BN254_INLINE void fp2_mul_by_nonresidue(bn254_fp2 *r, const bn254_fp2 *a)
{
    bn254_fp n0, n1;
    fp_dbl(&n0, &a->c0);
    fp_dbl(&n0, &n0);
    fp_dbl(&n0, &n0);
    fp_add(&n0, &n0, &a->c0);
    fp_dbl(&n1, &a->c1);
    fp_dbl(&n1, &n1);
    fp_dbl(&n1, &n1);
    fp_add(&n1, &n1, &a->c1);
    fp_sub(&n0, &n0, &a->c1);
    fp_add(&r->c1, &n1, &a->c0);
    r->c0 = n0;
}

BN254_INLINE int fp2_is_zero(const bn254_fp2 *a)
{
    return fp_is_zero(&a->c0) & fp_is_zero(&a->c1);
}

BN254_INLINE int fp2_eq(const bn254_fp2 *a, const bn254_fp2 *b)
{
    return fp_eq(&a->c0, &b->c0) & fp_eq(&a->c1, &b->c1);
}

#endif
