/*
 * Bucket reduction for G1: the window sum sum_j (j + 1) B_j of each window's affine
 * buckets, with the batched additions of g1_batch_add.h.
 */
#ifndef BN254_MSM_G1_REDUCE_H
#define BN254_MSM_G1_REDUCE_H

#include "g1_batch_add.h"

/* Buckets of one pass over the points: window i of the pass owns buckets
   [first[i], first[i] + count[i]), where held[j] says whether bucket j holds a point. */
typedef struct {
    bn254_g1_affine *bucket;
    const uint8_t *held;
    const size_t *first, *count;
    unsigned windows;
} g1_bucket_set;

size_t g1_reduce_scratch_size(void);

/* sums[i] = sum_j (j + 1) bucket[first[i] + j] for each window i of the set. */
void g1_reduce(bn254_g1 *sums, const g1_bucket_set *set, void *scratch, int vector);

#endif
