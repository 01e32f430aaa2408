/* Batched affine additions on G1, portable C (see g1_batch_add.h). */
#include "g1_batch_add.h"

/* The IFMA version stores two 8-lane field vectors (640 bytes) per eight additions. */
size_t g1_batch_scratch_size(void)
{
    return G1_BATCH_MAX / 8 * 640;
}

void g1_batch_add(const g1_batch *b, uint8_t *outcome, void *scratch, int vector)
{
    if (b->n == 0)
        return;
#ifdef MSM_IFMA
    if (vector) {
        g1_batch_add_ifma(b, outcome, scratch);
        return;
    }
#endif
    (void)vector;
    g1_batch_add_portable(b, outcome, scratch);
}

static inline void source_y(bn254_fp *y, const g1_batch *b, size_t k)
{
    const bn254_fp *sy = &b->src_base[b->src[k] >> 1].y;
    if (b->src[k] & 1)
        fp_neg(y, sy);
    else
        *y = *sy;
}

/*
 * A forward pass multiplies the denominators (x_S - x_D, or 2 y_D for a doubling) keeping
 * the prefix products, one inversion follows, and a backward pass peels each inverse off
 * the running inverse and finishes its addition. Cancelling pairs need no inverse.
 */
void g1_batch_add_portable(const g1_batch *b, uint8_t *outcome, void *scratch)
{
    bn254_fp *prefix = scratch;
    bn254_fp acc = bn254_fp_one;
    for (size_t k = 0; k < b->n; k++) {
        const bn254_g1_affine *d = &b->dst_base[b->dst[k]], *s = &b->src_base[b->src[k] >> 1];
        bn254_fp den;
        fp_sub(&den, &s->x, &d->x);
        outcome[k] = G1_ADDED;
        if (fp_is_zero(&den)) {
            bn254_fp y;
            source_y(&y, b, k);
            outcome[k] = fp_eq(&y, &d->y) ? G1_DOUBLED : G1_CANCELLED;
            if (outcome[k] == G1_CANCELLED)
                continue;
            fp_dbl(&den, &d->y);
        }
        prefix[k] = acc;
        fp_mul(&acc, &acc, &den);
    }
    bn254_fp_inv(&acc, &acc);
    for (size_t k = b->n; k-- > 0;) {
        if (outcome[k] == G1_CANCELLED)
            continue;
        bn254_g1_affine *d = &b->dst_base[b->dst[k]];
        const bn254_g1_affine *s = &b->src_base[b->src[k] >> 1];
        bn254_fp den, inv, lambda, t;
        if (outcome[k] == G1_DOUBLED) {
            /* lambda = 3 x^2 / 2 y */
            fp_dbl(&den, &d->y);
            fp_sqr(&t, &d->x);
            fp_add(&lambda, &t, &t);
            fp_add(&t, &lambda, &t);
        } else {
            fp_sub(&den, &s->x, &d->x);
            source_y(&t, b, k);
            fp_sub(&t, &t, &d->y);
        }
        fp_mul(&inv, &acc, &prefix[k]);
        fp_mul(&acc, &acc, &den);
        fp_mul(&lambda, &t, &inv);
        /* x3 = lambda^2 - x_D - x_S, y3 = lambda (x_D - x3) - y_D */
        bn254_fp x3;
        fp_sqr(&x3, &lambda);
        fp_sub(&x3, &x3, &d->x);
        fp_sub(&x3, &x3, &s->x);
        fp_sub(&t, &d->x, &x3);
        fp_mul(&t, &lambda, &t);
        fp_sub(&d->y, &t, &d->y);
        d->x = x3;
    }
}
