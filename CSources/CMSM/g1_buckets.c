/*
 * G1 bucket accumulation with batch-affine additions.
 *
 * Buckets hold affine points. Adding a point to a bucket takes one field inversion, so
 * additions into distinct buckets are collected into a batch and share one inversion
 * (Montgomery's trick): about 6 multiplications per addition against 11 for a mixed
 * Jacobian addition. A bucket already waiting in the batch cannot take a second point in
 * the same batch; such points wait in a queue and join the next batch. When the queue is
 * full (inputs whose digits hit few buckets, such as 0/1 scalars), queued points go into a
 * Jacobian "overflow" point of their bucket instead, so that no input degrades into one
 * inversion per addition.
 */
#include <string.h>

#include "msm_internal.h"

/* Buckets of the windows that share one pass: 2^14 affine buckets are 1 MiB, half of L2. */
#define GROUP_BUCKETS ((size_t)1 << 14)
/* Additions per shared inversion: an inversion costs ~300 multiplications. */
#define BATCH_MAX 1024

/* Bucket state bits. */
enum { HELD = 1, BUSY = 2, OVERFLOW = 4 };
/* How a batched addition resolves, found when the batch is flushed. */
enum { ADD, DOUBLE, CANCEL };

typedef struct {
    const bn254_g1_affine *bases;
    bn254_g1_affine *bucket;
    bn254_g1 *overflow;
    uint8_t *state;
    /* the batch: bucket index, point reference (index << 1 | negate), resolution, and the
       product of the denominators before each entry */
    uint32_t *batch_bucket, *batch_point;
    uint8_t *batch_kind;
    bn254_fp *prefix;
    size_t batch_len, batch_cap;
    uint32_t *queue_bucket, *queue_point;
    size_t queue_len, queue_cap;
} accumulator;

static size_t bucket_capacity(unsigned windows)
{
    size_t widest = msm_window_buckets(windows, 0);
    return widest > GROUP_BUCKETS ? widest : GROUP_BUCKETS;
}

size_t bn254_msm_g1_scratch_size(unsigned windows)
{
    size_t cap = bucket_capacity(windows);
    return msm_lines(cap * sizeof(bn254_g1_affine)) + msm_lines(cap * sizeof(bn254_g1))
           + msm_lines(cap) + 2 * msm_lines(BATCH_MAX * sizeof(uint32_t)) + msm_lines(BATCH_MAX)
           + msm_lines(BATCH_MAX * sizeof(bn254_fp)) + 2 * msm_lines(BATCH_MAX / 2 * sizeof(uint32_t));
}

static void *take(uint8_t **cursor, size_t bytes)
{
    void *p = *cursor;
    *cursor += msm_lines(bytes);
    return p;
}

static void layout(accumulator *a, unsigned windows, void *scratch)
{
    size_t cap = bucket_capacity(windows);
    uint8_t *cursor = scratch;
    a->bucket = take(&cursor, cap * sizeof(bn254_g1_affine));
    a->overflow = take(&cursor, cap * sizeof(bn254_g1));
    a->state = take(&cursor, cap);
    a->batch_bucket = take(&cursor, BATCH_MAX * sizeof(uint32_t));
    a->batch_point = take(&cursor, BATCH_MAX * sizeof(uint32_t));
    a->batch_kind = take(&cursor, BATCH_MAX);
    a->prefix = take(&cursor, BATCH_MAX * sizeof(bn254_fp));
    a->queue_bucket = take(&cursor, BATCH_MAX / 2 * sizeof(uint32_t));
    a->queue_point = take(&cursor, BATCH_MAX / 2 * sizeof(uint32_t));
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

/*
 * All batched additions with one inversion: a forward pass multiplies the denominators
 * (x_P - x_B, or 2 y_B for a doubling), a backward pass peels each inverse off the total
 * and finishes the affine addition. P = -B empties the bucket and needs no inverse.
 */
static void flush(accumulator *a)
{
    size_t n = a->batch_len;
    if (n == 0)
        return;
    bn254_fp acc = bn254_fp_one;
    for (size_t k = 0; k < n; k++) {
        const bn254_g1_affine *b = &a->bucket[a->batch_bucket[k]];
        const bn254_g1_affine *p = &a->bases[a->batch_point[k] >> 1];
        bn254_fp d;
        fp_sub(&d, &p->x, &b->x);
        uint8_t kind = ADD;
        if (fp_is_zero(&d)) {
            bn254_fp y;
            point_y(&y, p, a->batch_point[k]);
            kind = fp_eq(&y, &b->y) ? DOUBLE : CANCEL;
            fp_dbl(&d, &b->y);
        }
        a->batch_kind[k] = kind;
        if (kind == CANCEL)
            continue;
        a->prefix[k] = acc;
        fp_mul(&acc, &acc, &d);
    }
    bn254_fp_inv(&acc, &acc);
    for (size_t k = n; k-- > 0;) {
        uint32_t j = a->batch_bucket[k];
        bn254_g1_affine *b = &a->bucket[j];
        const bn254_g1_affine *p = &a->bases[a->batch_point[k] >> 1];
        uint8_t kind = a->batch_kind[k];
        if (kind == CANCEL) {
            a->state[j] &= OVERFLOW;
            continue;
        }
        bn254_fp d, inv, lambda, t;
        if (kind == DOUBLE) {
            fp_dbl(&d, &b->y);
            fp_sqr(&t, &b->x);
            fp_add(&lambda, &t, &t);
            fp_add(&t, &lambda, &t);
        } else {
            fp_sub(&d, &p->x, &b->x);
            point_y(&t, p, a->batch_point[k]);
            fp_sub(&t, &t, &b->y);
        }
        fp_mul(&inv, &acc, &a->prefix[k]);
        fp_mul(&acc, &acc, &d);
        fp_mul(&lambda, &t, &inv);
        /* x3 = lambda^2 - x_B - x_P, y3 = lambda (x_B - x3) - y_B */
        bn254_fp x3;
        fp_sqr(&x3, &lambda);
        fp_sub(&x3, &x3, &b->x);
        fp_sub(&x3, &x3, &p->x);
        fp_sub(&t, &b->x, &x3);
        fp_mul(&t, &lambda, &t);
        fp_sub(&b->y, &t, &b->y);
        b->x = x3;
        a->state[j] &= (uint8_t)~BUSY;
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

/* sum_j (j + 1) B_j by running sums: S = B_m + ... + B_j, T = S_m + ... + S_1. */
static void reduce(bn254_g1 *sum, const accumulator *a, size_t base, size_t buckets)
{
    bn254_g1 running, total;
    bn254_g1_set_infinity(&running);
    bn254_g1_set_infinity(&total);
    for (size_t j = base + buckets; j-- > base;) {
        uint8_t s = a->state[j];
        if (s & HELD)
            bn254_g1_add_affine(&running, &running, &a->bucket[j]);
        if (s & OVERFLOW)
            bn254_g1_add(&running, &running, &a->overflow[j]);
        bn254_g1_add(&total, &total, &running);
    }
    *sum = total;
}

static void accumulate_group(bn254_g1 *sums, accumulator *a, const int16_t *digits, size_t stride,
                             size_t begin, size_t end, unsigned windows, unsigned first, unsigned last)
{
    size_t base[BN254_MSM_MAX_WINDOWS], total = 0;
    for (unsigned w = first; w < last; w++) {
        base[w] = total;
        total += msm_window_buckets(windows, w);
    }
    memset(a->state, 0, total);
    a->batch_len = a->queue_len = 0;
    a->batch_cap = total / 4 < 2 ? 2 : total / 4 > BATCH_MAX ? BATCH_MAX : total / 4;
    a->queue_cap = a->batch_cap / 2;

    for (size_t i = begin; i < end; i++) {
        if (fp_is_zero(&a->bases[i].x)) /* infinity: no affine point of G1 has x = 0 */
            continue;
        for (unsigned w = first; w < last; w++) {
            int d = digits[w * stride + i];
            if (d == 0)
                continue;
            uint32_t ref = (uint32_t)i << 1 | (d < 0);
            insert(a, (uint32_t)(base[w] + (size_t)(d < 0 ? -d : d) - 1), ref);
            if (a->batch_len == a->batch_cap) {
                flush(a);
                replay(a);
            }
        }
    }
    finish(a);
    for (unsigned w = first; w < last; w++)
        reduce(&sums[w - first], a, base[w], msm_window_buckets(windows, w));
}

void bn254_msm_g1_accumulate(bn254_g1 *sums, const bn254_g1_affine *bases, const int16_t *digits,
                             size_t stride, size_t begin, size_t end, unsigned windows,
                             unsigned first, unsigned last, void *scratch)
{
    accumulator a;
    layout(&a, windows, scratch);
    a.bases = bases;
    for (unsigned w = first; w < last;) {
        unsigned group_end = msm_group_end(windows, w, last, GROUP_BUCKETS);
        accumulate_group(sums + (w - first), &a, digits, stride, begin, end, windows, w, group_end);
        w = group_end;
    }
}

void bn254_msm_g1_combine(bn254_g1 *r, const bn254_g1 *sums, unsigned windows)
{
    bn254_g1 acc = sums[windows - 1];
    for (unsigned w = windows - 1; w-- > 0;) {
        for (unsigned b = 0; b < bn254_msm_window_width(windows, w); b++)
            bn254_g1_dbl(&acc, &acc);
        bn254_g1_add(&acc, &acc, &sums[w]);
    }
    *r = acc;
}
