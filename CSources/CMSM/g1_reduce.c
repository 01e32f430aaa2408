/*
 * Bucket reduction by running sums, S = B_top + ... + B_j and T = S_top + ... , cut into
 * segments so that it batches: each window's buckets split into segments of L, every
 * segment runs its own pair (S_g, T_g), and one step advances all segments of all
 * windows of the pass at once, as two batches of affine additions (S += B, then T += S).
 * With segment g covering buckets [g L, (g + 1) L),
 *   sum_j (j + 1) B_j = sum_g T_g + L sum_g g S_g,
 * and the second sum is a short running sum over the segments in Jacobian coordinates.
 */
#include <string.h>

#include "g1_reduce.h"

/* Segments advanced together: batches large enough to amortise the inversion, few
   enough that the Jacobian pass over the segments stays small. */
#define CHAINS 1024

typedef struct {
    bn254_g1_affine *s, *t;      /* per chain */
    uint8_t *s_held, *t_held;
    uint32_t *dst, *src;          /* batch entries */
    uint8_t *outcome;
    void *batch_scratch;
} chains;

size_t g1_reduce_scratch_size(void)
{
    return 2 * msm_lines(CHAINS * sizeof(bn254_g1_affine)) + 3 * msm_lines(CHAINS)
           + 2 * msm_lines(CHAINS * sizeof(uint32_t)) + g1_batch_scratch_size();
}

static chains layout(void *scratch)
{
    uint8_t *cursor = scratch;
    chains c;
    c.s = msm_take(&cursor, CHAINS * sizeof(bn254_g1_affine));
    c.t = msm_take(&cursor, CHAINS * sizeof(bn254_g1_affine));
    c.s_held = msm_take(&cursor, CHAINS);
    c.t_held = msm_take(&cursor, CHAINS);
    c.outcome = msm_take(&cursor, CHAINS);
    c.dst = msm_take(&cursor, CHAINS * sizeof(uint32_t));
    c.src = msm_take(&cursor, CHAINS * sizeof(uint32_t));
    c.batch_scratch = cursor;
    return c;
}

/* Segments per window: powers of two (bucket counts are), CHAINS in all at most. */
static size_t segments(const g1_bucket_set *set, unsigned i)
{
    size_t per_window = CHAINS / set->windows, g = 1;
    while (2 * g <= per_window && 2 * g <= set->count[i])
        g *= 2;
    return g;
}

/* dst_held[c] marks destinations; each chain c with src_held[c] adds its source in. */
static void step(chains *c, bn254_g1_affine *dst, uint8_t *dst_held, const bn254_g1_affine *src,
                 const uint8_t *src_held, const size_t *src_index, size_t n, int vector)
{
    size_t len = 0;
    for (size_t k = 0; k < n; k++) {
        if (!src_held[k])
            continue;
        if (!dst_held[k]) {
            dst[k] = src[src_index[k]];
            dst_held[k] = 1;
        } else {
            c->dst[len] = (uint32_t)k;
            c->src[len++] = (uint32_t)src_index[k] << 1;
        }
    }
    g1_batch batch = {dst, src, c->dst, c->src, len};
    g1_batch_add(&batch, c->outcome, c->batch_scratch, vector);
    for (size_t e = 0; e < len; e++)
        if (c->outcome[e] == G1_CANCELLED)
            dst_held[c->dst[e]] = 0;
}

void g1_reduce(bn254_g1 *sums, const g1_bucket_set *set, void *scratch, int vector)
{
    chains c = layout(scratch);
    size_t seg_count[BN254_MSM_MAX_WINDOWS], seg_len[BN254_MSM_MAX_WINDOWS], first_chain[BN254_MSM_MAX_WINDOWS];
    size_t n = 0, steps = 0;
    for (unsigned i = 0; i < set->windows; i++) {
        seg_count[i] = segments(set, i);
        seg_len[i] = set->count[i] / seg_count[i];
        first_chain[i] = n;
        n += seg_count[i];
        if (seg_len[i] > steps)
            steps = seg_len[i];
    }
    memset(c.s_held, 0, n);
    memset(c.t_held, 0, n);

    size_t index[CHAINS], bucket_index[CHAINS];
    uint8_t bucket_held[CHAINS], s_active[CHAINS];
    for (size_t k = 0; k < n; k++)
        index[k] = k;
    for (size_t step_no = 0; step_no < steps; step_no++) {
        /* chain (window i, segment g) takes bucket first + (g + 1) L - 1 - step_no while
           its segment lasts */
        for (unsigned i = 0; i < set->windows; i++) {
            for (size_t g = 0; g < seg_count[i]; g++) {
                size_t k = first_chain[i] + g;
                bucket_held[k] = 0;
                if (step_no < seg_len[i]) {
                    bucket_index[k] = set->first[i] + (g + 1) * seg_len[i] - 1 - step_no;
                    bucket_held[k] = set->held[bucket_index[k]];
                }
            }
        }
        step(&c, c.s, c.s_held, set->bucket, bucket_held, bucket_index, n, vector);
        for (unsigned i = 0; i < set->windows; i++)
            for (size_t g = 0; g < seg_count[i]; g++)
                s_active[first_chain[i] + g] = step_no < seg_len[i] && c.s_held[first_chain[i] + g];
        step(&c, c.t, c.t_held, c.s, s_active, index, n, vector);
    }

    for (unsigned i = 0; i < set->windows; i++) {
        bn254_g1 running, weighted, total;
        bn254_g1_set_infinity(&running);
        bn254_g1_set_infinity(&weighted);
        bn254_g1_set_infinity(&total);
        for (size_t g = seg_count[i]; g-- > 0;) {
            size_t k = first_chain[i] + g;
            if (g > 0) {
                if (c.s_held[k])
                    bn254_g1_add_affine(&running, &running, &c.s[k]);
                bn254_g1_add(&weighted, &weighted, &running);
            }
            if (c.t_held[k])
                bn254_g1_add_affine(&total, &total, &c.t[k]);
        }
        for (size_t l = seg_len[i]; l > 1; l /= 2)
            bn254_g1_dbl(&weighted, &weighted);
        bn254_g1_add(&sums[i], &total, &weighted);
    }
}
