/*
 * The permutation with sparse partial rounds (poseidon_internal.h): 4 full rounds, 57 partial
 * rounds of 3 + 5 multiplications instead of 3 + 9, 4 full rounds.
 */
#include "poseidon_internal.h"

#define HALF_FULL (POSEIDON_T3_FULL_ROUNDS / 2)

static inline void sbox(bn254_fr *x)
{
    bn254_fr x2, x4;
    fr_sqr(&x2, x);
    fr_sqr(&x4, &x2);
    fr_mul(x, x, &x4);
}

/* acc += a * b as 512-bit integers. */
static inline void mul_acc(uint64_t acc[8], const bn254_fr *a, const bn254_fr *b)
{
    uint64_t w[8], c = 0;
    wide_mul(w, a->v, b->v);
    for (int k = 0; k < 8; k++)
        acc[k] = addc(acc[k], w[k], &c);
}

/*
 * r = m1 * x1 + m2 * x2 + m3 * x3 reduced once: 3 r^2 < r * 2^256 because r < 2^254, which is
 * the input bound of mont_redc. That saves two reductions per sum.
 */
static inline void dot3(bn254_fr *r, const bn254_fr m[3], const bn254_fr x[3])
{
    uint64_t acc[8];
    wide_mul(acc, m[0].v, x[0].v);
    mul_acc(acc, &m[1], &x[1]);
    mul_acc(acc, &m[2], &x[2]);
    mont_redc(r->v, acc, &BN254_FR_FIELD);
}

static inline void full_round(bn254_fr s[3], const bn254_fr c[3], const bn254_fr m[3][3])
{
    for (int i = 0; i < 3; i++) {
        fr_add(&s[i], &s[i], &c[i]);
        sbox(&s[i]);
    }
    bn254_fr out[3];
    for (int i = 0; i < 3; i++)
        dot3(&out[i], m[i], s);
    s[0] = out[0];
    s[1] = out[1];
    s[2] = out[2];
}

static inline void partial_round(bn254_fr s[3], const bn254_fr *c, const bn254_fr sparse[5])
{
    fr_add(&s[0], &s[0], c);
    sbox(&s[0]);
    bn254_fr x0 = s[0], t;
    const bn254_fr row0[3] = {sparse[0], sparse[1], sparse[2]};
    dot3(&s[0], row0, s);
    fr_mul(&t, &sparse[3], &x0);
    fr_add(&s[1], &s[1], &t);
    fr_mul(&t, &sparse[4], &x0);
    fr_add(&s[2], &s[2], &t);
}

void poseidon_t3_permute(bn254_fr s[3])
{
    const bn254_fr (*full)[3] = poseidon_t3_full_constants;
    for (int r = 0; r < HALF_FULL - 1; r++)
        full_round(s, full[r], poseidon_t3_mds);
    full_round(s, full[HALF_FULL - 1], poseidon_t3_pre_partial_mds);
    for (int k = 0; k < POSEIDON_T3_PARTIAL_ROUNDS; k++)
        partial_round(s, &poseidon_t3_partial_constants[k], poseidon_t3_sparse_mds[k]);
    for (int r = HALF_FULL; r < POSEIDON_T3_FULL_ROUNDS; r++)
        full_round(s, full[r], poseidon_t3_mds);
}

void poseidon_t3_hash2(bn254_fr *out, const bn254_fr *a, const bn254_fr *b)
{
    bn254_fr s[3] = {bn254_fr_zero, *a, *b};
    poseidon_t3_permute(s);
    *out = s[0];
}
