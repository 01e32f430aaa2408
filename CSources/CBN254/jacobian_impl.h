/*
 * Group law of a short Weierstrass curve y^2 = x^3 + b (a = 0) in Jacobian coordinates,
 * written once for G1 (over Fq) and G2 (over Fq2). The including file defines:
 *   FE            the coordinate field type (bn254_fp or bn254_fp2)
 *   FE_(op)       the inline field operation op (add sub neg dbl mul sqr is_zero eq)
 *   FE_INV        exported inversion (int f(FE *, const FE *))
 *   FE_ONE        the constant 1 of FE
 *   PT, PA        the Jacobian and affine point types
 *   PT_(name)     the exported name of a group operation (bn254_g1_##name, ...)
 *   CURVE_B       the curve constant b (an FE in Montgomery form)
 * Formulas from the Explicit-Formulas Database (Bernstein-Lange): dbl-2009-l,
 * add-2007-bl, madd-2007-bl. They leave the degenerate inputs (infinity, P = Q, P = -Q)
 * to explicit branches: those are data-dependent, which is fine for public points.
 */

#include <string.h>

void PT_(set_infinity)(PT *r)
{
    r->x = FE_ONE;
    r->y = FE_ONE;
    memset(&r->z, 0, sizeof r->z);
}

int PT_(is_infinity)(const PT *a) { return FE_(is_zero)(&a->z); }

int PT_(affine_is_infinity)(const PA *a) { return FE_(is_zero)(&a->x) & FE_(is_zero)(&a->y); }

void PT_(from_affine)(PT *r, const PA *a)
{
    if (PT_(affine_is_infinity)(a)) {
        PT_(set_infinity)(r);
        return;
    }
    r->x = a->x;
    r->y = a->y;
    r->z = FE_ONE;
}

void PT_(to_affine)(PA *r, const PT *a)
{
    if (PT_(is_infinity)(a)) {
        memset(r, 0, sizeof *r);
        return;
    }
    /* Points decoded from bytes or normalised by batch_to_affine have Z = 1: skip the
       inversion, the costliest step of encoding them (verifier transcripts encode many). */
    FE one = FE_ONE;
    if (FE_(eq)(&a->z, &one)) {
        r->x = a->x;
        r->y = a->y;
        return;
    }
    FE zi, zi2;
    FE_INV(&zi, &a->z);
    FE_(sqr)(&zi2, &zi);
    FE_(mul)(&r->x, &a->x, &zi2);
    FE_(mul)(&zi2, &zi2, &zi);
    FE_(mul)(&r->y, &a->y, &zi2);
}

/* Montgomery's trick: prefix products of the Z's, one inversion, then walk back. out[i].x
   holds the prefix product until it is overwritten, so no scratch memory is needed. */
void PT_(batch_to_affine)(PA *out, const PT *in, size_t n)
{
    FE acc = FE_ONE;
    for (size_t i = 0; i < n; i++) {
        out[i].x = acc;
        if (!FE_(is_zero)(&in[i].z))
            FE_(mul)(&acc, &acc, &in[i].z);
    }
    FE_INV(&acc, &acc);
    for (size_t i = n; i-- > 0;) {
        if (FE_(is_zero)(&in[i].z)) {
            memset(&out[i], 0, sizeof out[i]);
            continue;
        }
        FE zi, zi2;
        FE_(mul)(&zi, &acc, &out[i].x);
        FE_(mul)(&acc, &acc, &in[i].z);
        FE_(sqr)(&zi2, &zi);
        FE_(mul)(&out[i].x, &in[i].x, &zi2);
        FE_(mul)(&zi2, &zi2, &zi);
        FE_(mul)(&out[i].y, &in[i].y, &zi2);
    }
}

void PT_(neg)(PT *r, const PT *a)
{
    r->x = a->x;
    FE_(neg)(&r->y, &a->y);
    r->z = a->z;
}

/* dbl-2009-l: 2M + 5S. */
void PT_(dbl)(PT *r, const PT *a)
{
    FE A, B, C, D, E, F, t;
    FE_(sqr)(&A, &a->x);
    FE_(sqr)(&B, &a->y);
    FE_(sqr)(&C, &B);
    FE_(add)(&D, &a->x, &B);
    FE_(sqr)(&D, &D);
    FE_(sub)(&D, &D, &A);
    FE_(sub)(&D, &D, &C);
    FE_(dbl)(&D, &D);
    FE_(dbl)(&E, &A);
    FE_(add)(&E, &E, &A);
    FE_(sqr)(&F, &E);
    FE_(mul)(&r->z, &a->y, &a->z); /* before r->y: r may alias a */
    FE_(dbl)(&r->z, &r->z);
    FE_(dbl)(&t, &D);
    FE_(sub)(&r->x, &F, &t);
    FE_(sub)(&t, &D, &r->x);
    FE_(mul)(&t, &E, &t);
    FE_(dbl)(&C, &C);
    FE_(dbl)(&C, &C);
    FE_(dbl)(&C, &C);
    FE_(sub)(&r->y, &t, &C);
}

/* add-2007-bl: 11M + 5S. */
void PT_(add)(PT *r, const PT *a, const PT *b)
{
    if (PT_(is_infinity)(a)) {
        *r = *b;
        return;
    }
    if (PT_(is_infinity)(b)) {
        *r = *a;
        return;
    }
    FE z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;
    FE_(sqr)(&z1z1, &a->z);
    FE_(sqr)(&z2z2, &b->z);
    FE_(mul)(&u1, &a->x, &z2z2);
    FE_(mul)(&u2, &b->x, &z1z1);
    FE_(mul)(&s1, &a->y, &b->z);
    FE_(mul)(&s1, &s1, &z2z2);
    FE_(mul)(&s2, &b->y, &a->z);
    FE_(mul)(&s2, &s2, &z1z1);
    FE_(sub)(&h, &u2, &u1);
    FE_(sub)(&rr, &s2, &s1);
    if (FE_(is_zero)(&h)) {
        if (FE_(is_zero)(&rr))
            PT_(dbl)(r, a);
        else
            PT_(set_infinity)(r);
        return;
    }
    FE_(dbl)(&i, &h);
    FE_(sqr)(&i, &i);
    FE_(mul)(&j, &h, &i);
    FE_(dbl)(&rr, &rr);
    FE_(mul)(&v, &u1, &i);
    FE_(add)(&t, &a->z, &b->z);
    FE_(sqr)(&t, &t);
    FE_(sub)(&t, &t, &z1z1);
    FE_(sub)(&t, &t, &z2z2);
    FE_(mul)(&r->z, &t, &h);
    FE_(sqr)(&t, &rr);
    FE_(sub)(&t, &t, &j);
    FE_(sub)(&t, &t, &v);
    FE_(sub)(&r->x, &t, &v);
    FE_(sub)(&t, &v, &r->x);
    FE_(mul)(&t, &rr, &t);
    FE_(mul)(&s1, &s1, &j);
    FE_(dbl)(&s1, &s1);
    FE_(sub)(&r->y, &t, &s1);
}

/* madd-2007-bl (b has Z = 1): 7M + 4S. */
void PT_(add_affine)(PT *r, const PT *a, const PA *b)
{
    if (PT_(affine_is_infinity)(b)) {
        *r = *a;
        return;
    }
    if (PT_(is_infinity)(a)) {
        PT_(from_affine)(r, b);
        return;
    }
    FE z1z1, u2, s2, h, hh, i, j, rr, v, t;
    FE_(sqr)(&z1z1, &a->z);
    FE_(mul)(&u2, &b->x, &z1z1);
    FE_(mul)(&s2, &b->y, &a->z);
    FE_(mul)(&s2, &s2, &z1z1);
    FE_(sub)(&h, &u2, &a->x);
    FE_(sub)(&rr, &s2, &a->y);
    if (FE_(is_zero)(&h)) {
        if (FE_(is_zero)(&rr))
            PT_(dbl)(r, a);
        else
            PT_(set_infinity)(r);
        return;
    }
    FE_(sqr)(&hh, &h);
    FE_(dbl)(&i, &hh);
    FE_(dbl)(&i, &i);
    FE_(mul)(&j, &h, &i);
    FE_(dbl)(&rr, &rr);
    FE_(mul)(&v, &a->x, &i);
    FE_(add)(&t, &a->z, &h);
    FE_(sqr)(&t, &t);
    FE_(sub)(&t, &t, &z1z1);
    FE_(sub)(&r->z, &t, &hh);
    FE y1j;
    FE_(mul)(&y1j, &a->y, &j); /* before r->x/r->y: r may alias a */
    FE_(sqr)(&t, &rr);
    FE_(sub)(&t, &t, &j);
    FE_(sub)(&t, &t, &v);
    FE_(sub)(&r->x, &t, &v);
    FE_(sub)(&t, &v, &r->x);
    FE_(mul)(&t, &rr, &t);
    FE_(dbl)(&y1j, &y1j);
    FE_(sub)(&r->y, &t, &y1j);
}

/* Projective equality: X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3. */
int PT_(eq)(const PT *a, const PT *b)
{
    int ia = PT_(is_infinity)(a), ib = PT_(is_infinity)(b);
    if (ia || ib)
        return ia && ib;
    FE z1z1, z2z2, l, rr;
    FE_(sqr)(&z1z1, &a->z);
    FE_(sqr)(&z2z2, &b->z);
    FE_(mul)(&l, &a->x, &z2z2);
    FE_(mul)(&rr, &b->x, &z1z1);
    if (!FE_(eq)(&l, &rr))
        return 0;
    FE_(mul)(&z1z1, &z1z1, &a->z);
    FE_(mul)(&z2z2, &z2z2, &b->z);
    FE_(mul)(&l, &a->y, &z2z2);
    FE_(mul)(&rr, &b->y, &z1z1);
    return FE_(eq)(&l, &rr);
}

int PT_(affine_is_on_curve)(const PA *a)
{
    FE l, rr;
    FE_(sqr)(&l, &a->y);
    FE_(sqr)(&rr, &a->x);
    FE_(mul)(&rr, &rr, &a->x);
    FE_(add)(&rr, &rr, &CURVE_B);
    return FE_(eq)(&l, &rr);
}

/* Odd multiples a, 3a, ..., (2^(w-1) - 1)a for a width-w NAF. */
static void PT_(odd_multiples)(PT *table, const PT *a, int w)
{
    PT twice;
    PT_(dbl)(&twice, a);
    table[0] = *a;
    for (int i = 1; i < (1 << (w - 2)); i++)
        PT_(add)(&table[i], &table[i - 1], &twice);
}

/* r += digit * table-entry, digit odd (or 0: nothing). */
static void PT_(add_digit)(PT *r, const PT *table, int digit)
{
    if (digit > 0) {
        PT_(add)(r, r, &table[digit >> 1]);
    } else if (digit < 0) {
        PT t;
        PT_(neg)(&t, &table[(-digit) >> 1]);
        PT_(add)(r, r, &t);
    }
}
