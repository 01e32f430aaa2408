/* Shared by the permutation and its generated constant tables (constants.c). */
#ifndef POSEIDON_INTERNAL_H
#define POSEIDON_INTERNAL_H

#include "poseidon.h"
#include "../CBN254/field_internal.h"

/*
 * The optimised form of the same permutation (scripts/vectors/poseidon_constants.py explains
 * the derivation and checks it against the plain form):
 *  - full round i (0..7) adds full_constants[i]; the last full round before the partial rounds
 *    multiplies by pre_partial_mds instead of the MDS matrix;
 *  - partial round k (0..56) adds partial_constants[k] to state[0] only, applies x^5 to it and
 *    multiplies by the sparse matrix sparse_mds[k] = (s00, v1, v2, w1, w2):
 *      state' = (s00 x0 + v1 x1 + v2 x2,  w1 x0 + x1,  w2 x0 + x2).
 */
extern const bn254_fr poseidon_t3_full_constants[POSEIDON_T3_FULL_ROUNDS][3];
extern const bn254_fr poseidon_t3_partial_constants[POSEIDON_T3_PARTIAL_ROUNDS];
extern const bn254_fr poseidon_t3_pre_partial_mds[3][3];
extern const bn254_fr poseidon_t3_sparse_mds[POSEIDON_T3_PARTIAL_ROUNDS][5];

#endif
