/*
 * The Poseidon permutation over BN254 Fr with circomlib's parameters: width t = 3, S-box x^5,
 * R_F = 8 full rounds (4 before and 4 after) and R_P = 57 partial rounds, circomlib's round
 * constants and MDS matrix (poseidon_constants, t = 3).
 *
 * Elements are bn254_fr (Montgomery form, see bn254.h). No function keeps state; every
 * function may be called from several threads at once.
 */
#ifndef POSEIDON_H
#define POSEIDON_H

#include "bn254.h"

#ifdef __cplusplus
extern "C" {
#endif

#define POSEIDON_T3_WIDTH 3
#define POSEIDON_T3_FULL_ROUNDS 8
#define POSEIDON_T3_PARTIAL_ROUNDS 57

/** Round r adds constants[3r + i] to state[i], before its S-boxes. */
extern const bn254_fr poseidon_t3_round_constants[3 * (POSEIDON_T3_FULL_ROUNDS + POSEIDON_T3_PARTIAL_ROUNDS)];
/** The linear layer: state'[i] = sum_j mds[i][j] * state[j]. */
extern const bn254_fr poseidon_t3_mds[3][3];

/** Applies the permutation to state in place. */
void poseidon_t3_permute(bn254_fr state[3]);

/** circomlib's Poseidon([a, b]): permutes [0, a, b] and returns state[0]. out may alias a or b. */
void poseidon_t3_hash2(bn254_fr *out, const bn254_fr *a, const bn254_fr *b);

#ifdef __cplusplus
}
#endif

#endif
