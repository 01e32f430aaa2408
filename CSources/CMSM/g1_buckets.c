/*
 * G1 bucket accumulation: each point goes into the bucket of its digit, in every window of
 * the pass, by batched affine additions (g1_batch_add.h).
 *
 * A bucket already waiting in the batch cannot take a second point in the same batch;
 * such points wait in a queue and join the next batch. When the queue is full (inputs
 * whose digits hit few buckets, such as 0/1 scalars), queued points go into a Jacobian
 * "overflow" point of their bucket instead, so that no input degrades into one inversion
 * per addition. Overflow points are folded back into the affine buckets before reduction.
 */
#include <string.h>

#include "g1_reduce.h"

#define QUEUE_MAX (G1_BATCH_MAX / 2)

/* Bucket state bits. */
enum { HELD = 1, BUSY = 2, OVERFLOW = 4 };

typedef struct {
    const bn254_g1_affine *bases;
    bn254_g1_affine *bucket;
    bn254_g1 *overflow;
    uint8_t *state;
    uint32_t *batch_bucket, *batch_point; /* point references: index << 1 | negate */
    uint8_t *outcome;
    size_t batch_len, batch_cap;
    uint32_t *queue_bucket, *queue_point;
    size_t queue_len, queue_cap;
    void *batch_scratch, *reduce_scratch;
    int vector;
} accumulator;

static size_t bucket_capacity(const bn254_msm_plan *plan)
{
    size_t widest = msm_window_buckets(plan, 0);
    return widest > MSM_G1_GROUP_BUCKETS ? widest : MSM_G1_GROUP_BUCKETS;
}

size_t bn254_msm_g1_scratch_size(const bn254_msm_plan *plan)
{
    size_t cap = bucket_capacity(plan);
    return msm_lines(cap * sizeof(bn254_g1_affine)) + msm_lines(cap * sizeof(bn254_g1)) + msm_lines(cap)
           + 2 * msm_lines(G1_BATCH_MAX * sizeof(uint32_t)) + msm_lines(G1_BATCH_MAX)
           + 2 * msm_lines(QUEUE_MAX * sizeof(uint32_t)) + msm_lines(g1_batch_scratch_size())
           + g1_reduce_scratch_size();
}

static void layout(accumulator *a, const bn254_msm_plan *plan, void *scratch)
{
    size_t cap = bucket_capacity(plan);
    uint8_t *cursor = scratch;
    a->bucket = msm_take(&cursor, cap * sizeof(bn254_g1_affine));
    a->overflow = msm_take(&cursor, cap * sizeof(bn254_g1));
    a->state = msm_take(&cursor, cap);
    a->batch_bucket = msm_take(&cursor, G1_BATCH_MAX * sizeof(uint32_t));
    a->batch_point = msm_take(&cursor, G1_BATCH_MAX * sizeof(uint32_t));
    a->outcome = msm_take(&cursor, G1_BATCH_MAX);
    a->queue_bucket = msm_take(&cursor, QUEUE_MAX * sizeof(uint32_t));
    a->queue_point = msm_take(&cursor, QUEUE_MAX * sizeof(uint32_t));
    a->batch_scratch = msm_take(&cursor, g1_batch_scratch_size());
    a->reduce_scratch = cursor;
}

static inline void point_y(bn254_fp *y, const bn254_g1_affine *p, uint32_t ref)
{
    if (ref & 1)
        fp_neg(y, &p->y);
    else
        *y = p->y;
}

static void add_to_overflow(accumulator *a, uint32_t j, uint32_t ref)
{
    bn254_g1_affine p = a->bases[ref >> 1];
    point_y(&p.y, &a->bases[ref >> 1], ref);
    if (a->state[j] & OVERFLOW) {
        bn254_g1_add_affine(&a->overflow[j], &a->overflow[j], &p);
    } else {
        bn254_g1_from_affine(&a->overflow[j], &p);
        a->state[j] |= OVERFLOW;
    }
}

static void drain_queue(accumulator *a)
{
    for (size_t q = 0; q < a->queue_len; q++)
        add_to_overflow(a, a->queue_bucket[q], a->queue_point[q]);
    a->queue_len = 0;
}

/* Bucket j += (-1)^(ref & 1) bases[ref >> 1]; may fill the batch (the caller flushes). */
static inline void insert(accumulator *a, uint32_t j, uint32_t ref)
{
    uint8_t s = a->state[j];
    if (s & BUSY) {
        if (a->queue_len == a->queue_cap)
            drain_queue(a);
        a->queue_bucket[a->queue_len] = j;
        a->queue_point[a->queue_len++] = ref;
    } else if (!(s & HELD)) {
        const bn254_g1_affine *p = &a->bases[ref >> 1];
        a->bucket[j].x = p->x;
        point_y(&a->bucket[j].y, p, ref);
        a->state[j] = s | HELD;
    } else {
        __builtin_prefetch(&a->bucket[j], 1);
        a->batch_bucket[a->batch_len] = j;
        a->batch_point[a->batch_len++] = ref;
        a->state[j] = s | BUSY;
    }
}

static void flush(accumulator *a)
{
    g1_batch batch = {a->bucket, a->bases, a->batch_bucket, a->batch_point, a->batch_len};
    g1_batch_add(&batch, a->outcome, a->batch_scratch, a->vector);
    for (size_t k = 0; k < a->batch_len; k++) {
        uint32_t j = a->batch_bucket[k];
        a->state[j] &= a->outcome[k] == G1_CANCELLED ? (uint8_t)OVERFLOW : (uint8_t)~BUSY;
    }
    a->batch_len = 0;
}

/* Queued points retry against the buckets the flush just released. */
static void replay(accumulator *a)
{
    size_t queued = a->queue_len;
    a->queue_len = 0;
    /* insert re-queues at most one entry per entry read, so the writes trail the reads */
    for (size_t q = 0; q < queued; q++)
        insert(a, a->queue_bucket[q], a->queue_point[q]);
}

/* Empties batch and queue; a batch too small to pay for its inversion is not formed. */
static void finish(accumulator *a)
{
    for (;;) {
        flush(a);
        replay(a);
        if (a->queue_len == 0 && a->batch_len == 0)
            return;
        if (a->batch_len < 16)
            drain_queue(a);
    }
}

/*
 * Folds every overflow point into its affine bucket: the bucket joins the Jacobian sum,
 * and the sums return to affine form with one inversion per G1_BATCH_MAX of them (the
 * batch scratch holds the prefix products). Afterwards state[j] is HELD or 0.
 */
static void merge_overflow(accumulator *a, size_t buckets)
{
    uint32_t *list = a->batch_bucket;
    bn254_fp *prefix = a->batch_scratch;
    size_t j = 0;
    while (j < buckets) {
        size_t len = 0;
        for (; j < buckets && len < G1_BATCH_MAX; j++) {
            if (!(a->state[j] & OVERFLOW))
                continue;
            if (a->state[j] & HELD)
                bn254_g1_add_affine(&a->overflow[j], &a->overflow[j], &a->bucket[j]);
            a->state[j] = bn254_g1_is_infinity(&a->overflow[j]) ? 0 : HELD;
            if (a->state[j])
                list[len++] = (uint32_t)j;
        }
        bn254_fp acc = bn254_fp_one;
        for (size_t k = 0; k < len; k++) {
            prefix[k] = acc;
            fp_mul(&acc, &acc, &a->overflow[list[k]].z);
        }
        bn254_fp_inv(&acc, &acc);
        for (size_t k = len; k-- > 0;) {
            const bn254_g1 *p = &a->overflow[list[k]];
            bn254_fp zi, zi2, zi3;
            fp_mul(&zi, &acc, &prefix[k]);
            fp_mul(&acc, &acc, &p->z);
            fp_sqr(&zi2, &zi);
            fp_mul(&zi3, &zi2, &zi);
            fp_mul(&a->bucket[list[k]].x, &p->x, &zi2);
            fp_mul(&a->bucket[list[k]].y, &p->y, &zi3);
        }
    }
}

/* One pass over points [begin, end) for windows [first, last): their sums into sums[]. */
static void accumulate_group(bn254_g1 *sums, accumulator *a, const int16_t *digits, size_t stride,
                             size_t begin, size_t end, const bn254_msm_plan *plan, unsigned first, unsigned last)
{
    size_t base[BN254_MSM_MAX_WINDOWS], count[BN254_MSM_MAX_WINDOWS], total = 0;
    for (unsigned w = first; w < last; w++) {
        base[w - first] = total;
        count[w - first] = msm_window_buckets(plan, w);
        total += count[w - first];
    }
    memset(a->state, 0, total);
    a->batch_len = a->queue_len = 0;
    a->batch_cap = g1_batch_capacity(total);
    a->queue_cap = a->batch_cap / 2;

    for (size_t i = begin; i < end; i++) {
        if (fp_is_zero(&a->bases[i].x)) /* infinity: no affine point of G1 has x = 0 */
            continue;
        for (unsigned w = first; w < last; w++) {
            int d = digits[w * stride + i];
            if (d == 0)
                continue;
            uint32_t ref = (uint32_t)i << 1 | (d < 0);
            insert(a, (uint32_t)(base[w - first] + (size_t)(d < 0 ? -d : d) - 1), ref);
            if (a->batch_len == a->batch_cap) {
                flush(a);
                replay(a);
            }
        }
    }
    finish(a);
    merge_overflow(a, total);
    g1_bucket_set set = {a->bucket, a->state, base, count, last - first};
    g1_reduce(sums, &set, a->reduce_scratch, a->vector);
}

void bn254_msm_g1_accumulate(bn254_g1 *sums, const bn254_g1_affine *bases, const int16_t *digits,
                             const bn254_msm_plan *plan, unsigned task, void *scratch)
{
    size_t begin, end, first, last;
    bn254_msm_part(plan->points, plan->point_parts, task / plan->window_parts, &begin, &end);
    bn254_msm_part(plan->windows, plan->window_parts, task % plan->window_parts, &first, &last);
    sums += (size_t)(task / plan->window_parts) * plan->windows;

    accumulator a;
    layout(&a, plan, scratch);
    a.bases = bases;
    a.vector = plan->vector;
    for (unsigned w = (unsigned)first; w < last;) {
        unsigned group_end = msm_group_end(plan, w, (unsigned)last, MSM_G1_GROUP_BUCKETS);
        accumulate_group(sums + w, &a, digits, plan->points, begin, end, plan, w, group_end);
        w = group_end;
    }
}

void bn254_msm_g1_combine(bn254_g1 *r, const bn254_g1 *sums, const bn254_msm_plan *plan)
{
    unsigned windows = plan->windows;
    bn254_g1 acc;
    bn254_g1_set_infinity(&acc);
    for (unsigned w = windows; w-- > 0;) {
        for (unsigned b = 0; w + 1 < windows && b < bn254_msm_window_width(plan, w); b++)
            bn254_g1_dbl(&acc, &acc);
        for (unsigned slice = 0; slice < plan->point_parts; slice++)
            bn254_g1_add(&acc, &acc, &sums[(size_t)slice * windows + w]);
    }
    *r = acc;
}
