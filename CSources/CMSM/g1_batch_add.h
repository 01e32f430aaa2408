/*
 * Batched affine additions on G1: many independent additions dst += +-src that share one
 * field inversion (Montgomery's trick), about 6 multiplications each against 11 for a
 * mixed Jacobian addition. The bucket accumulation and the bucket reduction are both
 * built on it. Two implementations with the same results: portable C, and AVX-512 IFMA
 * (eight additions per vector instruction) chosen at run time.
 */
#ifndef BN254_MSM_G1_BATCH_ADD_H
#define BN254_MSM_G1_BATCH_ADD_H

#include "msm_internal.h"

/* Batches are cut at this size: the inversion (~300 multiplications) is then a small share
   (1024 was measured 5% slower on a 2^20 MSM). */
#define G1_BATCH_MAX 2048

/* The batch size for a pass over `buckets` buckets: at most a quarter of them waits in a
   batch, which keeps collisions (points queued for a busy bucket) rare. */
static inline size_t g1_batch_capacity(size_t buckets)
{
    size_t cap = buckets / 4;
    return cap < 16 ? 16 : cap > G1_BATCH_MAX ? G1_BATCH_MAX : cap;
}

/*
 * dst_base[dst[k]] += (-1)^(src[k] & 1) src_base[src[k] >> 1] for k < n. The dst[k] are
 * distinct, neither operand is infinity, and no source is a destination of the batch.
 */
typedef struct {
    bn254_g1_affine *dst_base;
    const bn254_g1_affine *src_base;
    const uint32_t *dst, *src;
    size_t n;
} g1_batch;

/* What became of one addition: when the operands cancel, the destination is left as it
   was and the caller records that it now holds infinity. */
enum { G1_ADDED = 0, G1_CANCELLED = 1, G1_DOUBLED = 2 };

/* Scratch bytes for batches of up to G1_BATCH_MAX additions (either implementation). */
size_t g1_batch_scratch_size(void);

/* Performs the batch; outcome[k] receives G1_ADDED, G1_CANCELLED or G1_DOUBLED. */
void g1_batch_add(const g1_batch *b, uint8_t *outcome, void *scratch, int vector);

void g1_batch_add_portable(const g1_batch *b, uint8_t *outcome, void *scratch);
#ifdef MSM_IFMA
void g1_batch_add_ifma(const g1_batch *b, uint8_t *outcome, void *scratch);
#endif

#endif
