/* Fq6 = Fq2[v] / (v^3 - xi), xi = 9 + u. */
#include "tower_internal.h"

void bn254_fp6_add(bn254_fp6 *r, const bn254_fp6 *a, const bn254_fp6 *b)
{
    fp2_add(&r->c0, &a->c0, &b->c0);
    fp2_add(&r->c1, &a->c1, &b->c1);
    fp2_add(&r->c2, &a->c2, &b->c2);
}

void bn254_fp6_sub(bn254_fp6 *r, const bn254_fp6 *a, const bn254_fp6 *b)
{
    fp2_sub(&r->c0, &a->c0, &b->c0);
    fp2_sub(&r->c1, &a->c1, &b->c1);
    fp2_sub(&r->c2, &a->c2, &b->c2);
}

void bn254_fp6_neg(bn254_fp6 *r, const bn254_fp6 *a)
{
    fp2_neg(&r->c0, &a->c0);
    fp2_neg(&r->c1, &a->c1);
    fp2_neg(&r->c2, &a->c2);
}

/* Karatsuba over three coefficients (Devegili et al.): six Fq2 products instead of nine. */
void bn254_fp6_mul(bn254_fp6 *r, const bn254_fp6 *a, const bn254_fp6 *b)
{
    bn254_fp2 t0, t1, t2, x, y, c0, c1, c2;
    fp2_mul(&t0, &a->c0, &b->c0);
    fp2_mul(&t1, &a->c1, &b->c1);
    fp2_mul(&t2, &a->c2, &b->c2);

    /* c0 = t0 + xi ((a1 + a2)(b1 + b2) - t1 - t2) */
    fp2_add(&x, &a->c1, &a->c2);
    fp2_add(&y, &b->c1, &b->c2);
    fp2_mul(&c0, &x, &y);
    fp2_sub(&c0, &c0, &t1);
    fp2_sub(&c0, &c0, &t2);
    fp2_mul_by_nonresidue(&c0, &c0);
    fp2_add(&c0, &c0, &t0);

    /* c1 = (a0 + a1)(b0 + b1) - t0 - t1 + xi t2 */
    fp2_add(&x, &a->c0, &a->c1);
    fp2_add(&y, &b->c0, &b->c1);
    fp2_mul(&c1, &x, &y);
    fp2_sub(&c1, &c1, &t0);
    fp2_sub(&c1, &c1, &t1);
    fp2_mul_by_nonresidue(&x, &t2);
    fp2_add(&c1, &c1, &x);

    /* c2 = (a0 + a2)(b0 + b2) - t0 - t2 + t1 */
    fp2_add(&x, &a->c0, &a->c2);
    fp2_add(&y, &b->c0, &b->c2);
    fp2_mul(&c2, &x, &y);
    fp2_sub(&c2, &c2, &t0);
    fp2_sub(&c2, &c2, &t2);
    fp2_add(&c2, &c2, &t1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* Chung-Hasan SQR2: two Fq2 squarings fewer than a general product. */
void bn254_fp6_sqr(bn254_fp6 *r, const bn254_fp6 *a)
{
    bn254_fp2 s0, s1, s2, s3, s4, c0, c1, c2;
    fp2_sqr(&s0, &a->c0);
    fp2_mul(&s1, &a->c0, &a->c1);
    fp2_dbl(&s1, &s1);
    fp2_sub(&s2, &a->c0, &a->c1);
    fp2_add(&s2, &s2, &a->c2);
    fp2_sqr(&s2, &s2);
    fp2_mul(&s3, &a->c1, &a->c2);
    fp2_dbl(&s3, &s3);
    fp2_sqr(&s4, &a->c2);

    fp2_mul_by_nonresidue(&c0, &s3);
    fp2_add(&c0, &c0, &s0);
    fp2_mul_by_nonresidue(&c1, &s4);
    fp2_add(&c1, &c1, &s1);
    /* (a0 - a1 + a2)^2 + 2 a0 a1 + 2 a1 a2 - a0^2 - a2^2 = 2 a0 a2 + a1^2 */
    fp2_add(&c2, &s1, &s2);
    fp2_add(&c2, &c2, &s3);
    fp2_sub(&c2, &c2, &s0);
    fp2_sub(&c2, &c2, &s4);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* (a0 + a1 v + a2 v^2) v = xi a2 + a0 v + a1 v^2 */
void bn254_fp6_mul_by_nonresidue(bn254_fp6 *r, const bn254_fp6 *a)
{
    bn254_fp2 t;
    fp2_mul_by_nonresidue(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

/*
 * a^-1 = adj(a) / N(a): with A = a0^2 - xi a1 a2, B = xi a2^2 - a0 a1, C = a1^2 - a0 a2,
 * (a0 + a1 v + a2 v^2)(A + B v + C v^2) = a0 A + xi (a2 B + a1 C), an element of Fq2.
 */
int bn254_fp6_inv(bn254_fp6 *r, const bn254_fp6 *a)
{
    bn254_fp2 A, B, C, t, n;
    fp2_sqr(&A, &a->c0);
    fp2_mul(&t, &a->c1, &a->c2);
    fp2_mul_by_nonresidue(&t, &t);
    fp2_sub(&A, &A, &t);

    fp2_sqr(&B, &a->c2);
    fp2_mul_by_nonresidue(&B, &B);
    fp2_mul(&t, &a->c0, &a->c1);
    fp2_sub(&B, &B, &t);

    fp2_sqr(&C, &a->c1);
    fp2_mul(&t, &a->c0, &a->c2);
    fp2_sub(&C, &C, &t);

    fp2_mul(&n, &a->c2, &B);
    fp2_mul(&t, &a->c1, &C);
    fp2_add(&n, &n, &t);
    fp2_mul_by_nonresidue(&n, &n);
    fp2_mul(&t, &a->c0, &A);
    fp2_add(&n, &n, &t);

    if (!bn254_fp2_inv(&n, &n)) {
        r->c0 = r->c1 = r->c2 = bn254_fp2_zero;
        return 0;
    }
    fp2_mul(&r->c0, &A, &n);
    fp2_mul(&r->c1, &B, &n);
    fp2_mul(&r->c2, &C, &n);
    return 1;
}

int bn254_fp6_eq(const bn254_fp6 *a, const bn254_fp6 *b)
{
    return fp2_eq(&a->c0, &b->c0) & fp2_eq(&a->c1, &b->c1) & fp2_eq(&a->c2, &b->c2);
}
