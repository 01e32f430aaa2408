/*
 * The permutation, round by round as the Poseidon paper defines it: add the round constants,
 * apply x^5 to every element (full rounds) or to state[0] only (partial rounds), multiply by
 * the MDS matrix.
 */
#include "poseidon_internal.h"

#define ROUNDS (POSEIDON_T3_FULL_ROUNDS + POSEIDON_T3_PARTIAL_ROUNDS)
#define HALF_FULL (POSEIDON_T3_FULL_ROUNDS / 2)

static inline void sbox(bn254_fr *x)
{
    bn254_fr x2, x4;
    fr_sqr(&x2, x);
    fr_sqr(&x4, &x2);
    fr_mul(x, x, &x4);
}

/*
 * Each output is a sum of three products reduced once: 3 r^2 < r * 2^256 because r < 2^254,
 * which is the input bound of mont_redc. That saves two reductions per row.
 */
static inline void mix(bn254_fr s[3])
{
    bn254_fr out[3];
    for (int i = 0; i < 3; i++) {
        uint64_t acc[8], w[8];
        wide_mul(acc, poseidon_t3_mds[i][0].v, s[0].v);
        for (int j = 1; j < 3; j++) {
            wide_mul(w, poseidon_t3_mds[i][j].v, s[j].v);
            uint64_t c = 0;
            for (int k = 0; k < 8; k++)
                acc[k] = addc(acc[k], w[k], &c);
        }
        mont_redc(out[i].v, acc, &BN254_FR_FIELD);
    }
    s[0] = out[0];
    s[1] = out[1];
    s[2] = out[2];
}

void poseidon_t3_permute(bn254_fr s[3])
{
    const bn254_fr *c = poseidon_t3_round_constants;
    for (int r = 0; r < ROUNDS; r++, c += 3) {
        fr_add(&s[0], &s[0], &c[0]);
        fr_add(&s[1], &s[1], &c[1]);
        fr_add(&s[2], &s[2], &c[2]);
        sbox(&s[0]);
        if (r < HALF_FULL || r >= HALF_FULL + POSEIDON_T3_PARTIAL_ROUNDS) {
            sbox(&s[1]);
            sbox(&s[2]);
        }
        mix(s);
    }
}

void poseidon_t3_hash2(bn254_fr *out, const bn254_fr *a, const bn254_fr *b)
{
    bn254_fr s[3] = {bn254_fr_zero, *a, *b};
    poseidon_t3_permute(s);
    *out = s[0];
}
