/* Internal constants and helpers shared by the MSM kernels of this target. */
#ifndef BN254_MSM_INTERNAL_H
#define BN254_MSM_INTERNAL_H

#include "msm.h"
#include "../CBN254/tower_internal.h"

/* The AVX-512 IFMA batch additions exist only in x86-64 builds; elsewhere every batch runs
   the portable code, which gives the same bits. */
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define MSM_IFMA 1
#endif

/* Buckets of the windows that share one pass over the points: 2^14 affine G1 buckets are
   1 MiB, half of L2; 2^12 Jacobian G2 buckets are 768 KiB. */
#define MSM_G1_GROUP_BUCKETS ((size_t)1 << 14)
#define MSM_G2_GROUP_BUCKETS ((size_t)1 << 12)

/* Buckets per window: one per digit magnitude 1 .. 2^(c-1). */
static inline size_t msm_window_buckets(const bn254_msm_plan *plan, unsigned w)
{
    return (size_t)1 << (bn254_msm_window_width(plan, w) - 1);
}

/* Bytes rounded up to a whole number of cache lines, so that scratch arrays never share one. */
static inline size_t msm_lines(size_t bytes)
{
    return (bytes + 63) & ~(size_t)63;
}

/* Carves `bytes` (rounded to cache lines) off a scratch buffer. */
static inline void *msm_take(uint8_t **cursor, size_t bytes)
{
    void *p = *cursor;
    *cursor += msm_lines(bytes);
    return p;
}

/*
 * Windows [first, end) processed in one pass over the points: as many as fit `budget`
 * buckets (at least one window). One pass reads each base once for several windows, and
 * small windows together make batches large enough to amortise the inversion.
 */
static inline unsigned msm_group_end(const bn254_msm_plan *plan, unsigned first, unsigned last, size_t budget)
{
    size_t total = msm_window_buckets(plan, first);
    unsigned end = first + 1;
    while (end < last && total + msm_window_buckets(plan, end) <= budget)
        total += msm_window_buckets(plan, end++);
    return end;
}

#endif
