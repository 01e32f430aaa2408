/*
 * Optimal ate pairing e(P, Q) = f_{6x+2,Q}(P) * l_{[6x+2]Q,psi(Q)}(P) * l_{..,-psi^2(Q)}(P)
 * raised to (p^12 - 1)/r, x = 4965661367192848881 (positive for BN254, so no final
 * conjugation).
 *
 * The Miller loop keeps T on the twist in homogeneous projective coordinates
 * (x = X/Z, y = Y/Z) and evaluates each line at P directly, following Costello, Lange and
 * Naehrig (PKC 2010) and Aranha, Karabina, Longa, Gebotys and Lopez (Eurocrypt 2011).
 * With the untwist (x, y) -> (x w^2, y w^3) every line has the sparse shape
 * a + b w + c w^3 (a, b, c in Fq2); factors lying in Fq6 are dropped because the final
 * exponentiation sends them to 1.
 */
#include "curve_internal.h"

/* 6x + 2 in non-adjacent form, most significant digit first, leading 1 omitted. */
static const int8_t ate_loop_naf[65] = {
    0, -1, 0, 1, 0, 0, 0, -1, 0, -1, 0, 0, 0, -1, 0, 1, 0, -1, 0, 0, -1, 0, 0, 0, 0, 0, 1,
    0, 0, -1, 0, 1, 0, 0, -1, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, -1, 0, -1, 0, 0, 1, 0, 0, 0,
    -1, 0, 0, -1, 0, 1, 0, 1, 0, 0, 0};

/* 3b' = 9 / (9 + u), Montgomery form (computed with Python). */
static const bn254_fp2 twist_3b = {
    {{0x3baa927cb62e0d6aULL, 0xd71e7c52d1b664fdULL, 0x03873e63d95d4664ULL, 0x0e75b5b1082ab8f4ULL}},
    {{0xaab7c6667596fe35ULL, 0x31d21a78bb6a27baULL, 0x85dd7297680401ffULL, 0x03c52d6adf39a7e9ULL}}};

/* The sparse line a + b w + c w^3. */
typedef struct { bn254_fp2 a, b, c; } line;

/* One pair of the Miller loop: P with its coordinates negated ahead of time, Q, and T. */
typedef struct {
    bn254_fp xp, yp, neg_xp, neg_yp;
    bn254_g2_affine q;
    bn254_fp2 x, y, z;
} pair_state;

/* a / 2: an odd value is made even by adding p first (a + p < 2^255: no overflow). */
static void fp_halve(bn254_fp *r, const bn254_fp *a)
{
    uint64_t mask = 0 - (a->v[0] & 1), carry = 0, t[4];
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)a->v[i] + (bn254_fp_modulus[i] & mask) + carry;
        t[i] = (uint64_t)s;
        carry = (uint64_t)(s >> 64);
    }
    for (int i = 0; i < 3; i++)
        r->v[i] = (t[i] >> 1) | (t[i + 1] << 63);
    r->v[3] = t[3] >> 1;
}

/*
 * T = 2T and the tangent line at P:
 * A = XY/2, B = Y^2, C = Z^2, E = 3b'C, F = 3E, G = (B + F)/2, H = (Y + Z)^2 - B - C,
 * X3 = A(B - F), Y3 = G^2 - 3E^2, Z3 = BH; line = -H yP + 3X^2 xP w + (E - B) w^3.
 */
static void dbl_step(line *l, pair_state *s)
{
    bn254_fp2 A, B, C, E, F, G, H, t;
    fp2_mul(&A, &s->x, &s->y);
    fp_halve(&A.c0, &A.c0);
    fp_halve(&A.c1, &A.c1);
    fp2_sqr(&B, &s->y);
    fp2_sqr(&C, &s->z);
    fp2_mul(&E, &C, &twist_3b);
    fp2_dbl(&F, &E);
    fp2_add(&F, &F, &E);
    fp2_add(&G, &B, &F);
    fp_halve(&G.c0, &G.c0);
    fp_halve(&G.c1, &G.c1);
    fp2_add(&H, &s->y, &s->z);
    fp2_sqr(&H, &H);
    fp2_sub(&H, &H, &B);
    fp2_sub(&H, &H, &C);

    fp2_sqr(&t, &s->x);
    fp2_mul_fp(&l->b, &t, &s->xp);
    fp2_dbl(&t, &l->b);
    fp2_add(&l->b, &l->b, &t);
    fp2_mul_fp(&l->a, &H, &s->neg_yp);
    fp2_sub(&l->c, &E, &B);

    fp2_sub(&t, &B, &F);
    fp2_mul(&s->x, &A, &t);
    fp2_sqr(&E, &E);
    fp2_dbl(&t, &E);
    fp2_add(&E, &E, &t);
    fp2_sqr(&G, &G);
    fp2_sub(&s->y, &G, &E);
    fp2_mul(&s->z, &B, &H);
}

/*
 * T = T + R (R affine) and the line through them at P:
 * theta = Y - yR Z, lambda = X - xR Z, C = theta^2, D = lambda^2, E = lambda^3, F = ZC,
 * G = XD, H = E + F - 2G, X3 = lambda H, Y3 = theta (G - H) - YE, Z3 = ZE;
 * line = lambda yP - theta xP w + (theta xR - lambda yR) w^3.
 * T = +-R never occurs: the loop only reaches multiples [k]Q with 0 < k < r.
 */
static void add_step(line *l, pair_state *s, const bn254_g2_affine *r)
{
    bn254_fp2 theta, lambda, C, D, E, F, G, H, t;
    fp2_mul(&t, &r->y, &s->z);
    fp2_sub(&theta, &s->y, &t);
    fp2_mul(&t, &r->x, &s->z);
    fp2_sub(&lambda, &s->x, &t);
    fp2_sqr(&C, &theta);
    fp2_sqr(&D, &lambda);
    fp2_mul(&E, &lambda, &D);
    fp2_mul(&F, &s->z, &C);
    fp2_mul(&G, &s->x, &D);
    fp2_add(&H, &E, &F);
    fp2_sub(&H, &H, &G);
    fp2_sub(&H, &H, &G);

    fp2_mul_fp(&l->a, &lambda, &s->yp);
    fp2_mul_fp(&l->b, &theta, &s->neg_xp);
    fp2_mul(&l->c, &theta, &r->x);
    fp2_mul(&t, &lambda, &r->y);
    fp2_sub(&l->c, &l->c, &t);

    fp2_mul(&s->x, &lambda, &H);
    fp2_sub(&t, &G, &H);
    fp2_mul(&t, &theta, &t);
    fp2_mul(&C, &s->y, &E);
    fp2_sub(&s->y, &t, &C);
    fp2_mul(&s->z, &s->z, &E);
}

/* (a0 + a1 v + a2 v^2)(b0 + b1 v) with v^3 = xi, Karatsuba: 5 Fq2 products. */
static void fp6_mul_by_01(bn254_fp6 *r, const bn254_fp6 *a, const bn254_fp2 *b0, const bn254_fp2 *b1)
{
    bn254_fp2 t0, t1, s, u, c0;
    fp2_mul(&t0, &a->c0, b0);
    fp2_mul(&t1, &a->c1, b1);
    fp2_mul(&c0, &a->c2, b1);
    fp2_mul_by_nonresidue(&c0, &c0);
    fp2_add(&c0, &c0, &t0);
    fp2_add(&s, &a->c0, &a->c1);
    fp2_add(&u, b0, b1);
    fp2_mul(&s, &s, &u);
    fp2_sub(&s, &s, &t0);
    fp2_sub(&s, &s, &t1);
    fp2_mul(&u, &a->c2, b0);
    fp2_add(&r->c2, &u, &t1);
    r->c1 = s;
    r->c0 = c0;
}

/* f *= a + b w + c w^3, i.e. (f0 + f1 w)(L0 + L1 w) with L0 = a, L1 = b + c v, w^2 = v:
   13 Fq2 products instead of the 18 of a full Fq12 multiplication. */
static void mul_by_line(bn254_fp12 *f, const line *l)
{
    bn254_fp6 t0, t1, s;
    fp2_mul(&t0.c0, &f->c0.c0, &l->a);
    fp2_mul(&t0.c1, &f->c0.c1, &l->a);
    fp2_mul(&t0.c2, &f->c0.c2, &l->a);
    fp6_mul_by_01(&t1, &f->c1, &l->b, &l->c);
    bn254_fp2 ab;
    fp2_add(&ab, &l->a, &l->b);
    bn254_fp6_add(&s, &f->c0, &f->c1);
    fp6_mul_by_01(&s, &s, &ab, &l->c);
    bn254_fp6_sub(&s, &s, &t0);
    bn254_fp6_sub(&f->c1, &s, &t1);
    /* c0 = t0 + t1 v, with t1 v = (xi t1.c2, t1.c0, t1.c1) */
    bn254_fp2 t12;
    fp2_mul_by_nonresidue(&t12, &t1.c2);
    fp2_add(&f->c0.c0, &t0.c0, &t12);
    fp2_add(&f->c0.c1, &t0.c1, &t1.c0);
    fp2_add(&f->c0.c2, &t0.c2, &t1.c1);
}

/* Pairs processed together: they share the squarings of f; larger inputs go in chunks. */
#define MILLER_CHUNK 16

static void miller_chunk(bn254_fp12 *f, pair_state *s, size_t n)
{
    line l;
    *f = bn254_fp12_one;
    for (size_t j = 0; j < n; j++) {
        s[j].x = s[j].q.x;
        s[j].y = s[j].q.y;
        s[j].z = bn254_fp2_one;
    }
    for (int i = 0; i < (int)sizeof ate_loop_naf; i++) {
        if (i > 0)
            bn254_fp12_sqr(f, f);
        for (size_t j = 0; j < n; j++) {
            dbl_step(&l, &s[j]);
            mul_by_line(f, &l);
        }
        int d = ate_loop_naf[i];
        if (d == 0)
            continue;
        for (size_t j = 0; j < n; j++) {
            bn254_g2_affine r = s[j].q;
            if (d < 0)
                fp2_neg(&r.y, &r.y);
            add_step(&l, &s[j], &r);
            mul_by_line(f, &l);
        }
    }
    for (size_t j = 0; j < n; j++) {
        bn254_g2_affine q1, q2;
        bn254_g2_affine_psi(&q1, &s[j].q);
        bn254_g2_affine_neg_psi2(&q2, &s[j].q);
        add_step(&l, &s[j], &q1);
        mul_by_line(f, &l);
        add_step(&l, &s[j], &q2);
        mul_by_line(f, &l);
    }
}

void bn254_miller_loop(bn254_fp12 *r, const bn254_g1_affine *p, const bn254_g2_affine *q, size_t n)
{
    pair_state s[MILLER_CHUNK];
    bn254_fp12 f;
    size_t m = 0, chunks = 0;
    *r = bn254_fp12_one;
    for (size_t i = 0; i < n; i++) {
        if (!bn254_g1_affine_is_infinity(&p[i]) && !bn254_g2_affine_is_infinity(&q[i])) {
            s[m].xp = p[i].x;
            s[m].yp = p[i].y;
            fp_neg(&s[m].neg_xp, &p[i].x);
            fp_neg(&s[m].neg_yp, &p[i].y);
            s[m].q = q[i];
            m++;
        }
        if (m == MILLER_CHUNK || (i + 1 == n && m > 0)) {
            miller_chunk(chunks == 0 ? r : &f, s, m);
            if (chunks++ > 0)
                bn254_fp12_mul(r, r, &f);
            m = 0;
        }
    }
}

void bn254_pairing(bn254_fp12 *r, const bn254_g1_affine *p, const bn254_g2_affine *q)
{
    bn254_fp12 f;
    bn254_miller_loop(&f, p, q, 1);
    bn254_final_exponentiation(r, &f);
}

int bn254_pairing_check(const bn254_g1_affine *p, const bn254_g2_affine *q, size_t n)
{
    bn254_fp12 f;
    bn254_miller_loop(&f, p, q, n);
    bn254_final_exponentiation(&f, &f);
    return bn254_fp12_is_one(&f);
}
