/*
 * In-place bit-reversal permutation, blocked so that it streams through memory.
 *
 * An index of log_n >= 2Q bits splits as (hi: Q bits, mid, lo: Q bits); its reversal is
 * (brv lo, brv mid, brv hi). So the 2^Q x 2^Q tile of indices sharing `mid` maps, transposed,
 * onto the tile of brv(mid), and every tile row is 2^Q consecutive elements: whole cache
 * lines, unlike the one-element-at-a-time swaps of the textbook loop. A chunk is one `mid`
 * value; the pair (mid, brv mid) is handled by the smaller of the two, so chunks are
 * independent.
 */
#include <string.h>
#include "ntt.h"

#ifndef __has_builtin
#define __has_builtin(x) 0
#endif

#define Q 4
#define SIDE (1u << Q)

static size_t reverse_bits(size_t x, unsigned bits)
{
    if (bits == 0)
        return 0;
#if __has_builtin(__builtin_bitreverse64)
    return (size_t)(__builtin_bitreverse64((unsigned long long)x) >> (64 - bits));
#else
    size_t r = 0;
    for (unsigned i = 0; i < bits; i++, x >>= 1)
        r = (r << 1) | (x & 1);
    return r;
#endif
}

size_t bn254_ntt_bit_reverse_chunks(unsigned log_n)
{
    return log_n < 2 * Q ? 1 : (size_t)1 << (log_n - 2 * Q);
}

static void swap(bn254_fr *a, bn254_fr *b)
{
    bn254_fr t = *a;
    *a = *b;
    *b = t;
}

void bn254_ntt_bit_reverse(bn254_fr *a, unsigned log_n, size_t begin, size_t end)
{
    if (log_n < 2 * Q) {
        if (begin > 0 || end == 0)
            return;
        for (size_t i = 0, n = (size_t)1 << log_n; i < n; i++) {
            size_t j = reverse_bits(i, log_n);
            if (i < j)
                swap(&a[i], &a[j]);
        }
        return;
    }
    unsigned mid_bits = log_n - 2 * Q;
    size_t row_stride = (size_t)1 << (log_n - Q);
    unsigned char rev[SIDE];
    for (unsigned i = 0; i < SIDE; i++)
        rev[i] = (unsigned char)reverse_bits(i, Q);
    bn254_fr x[SIDE][SIDE], y[SIDE][SIDE];
    for (size_t mid = begin; mid < end; mid++) {
        size_t mid2 = reverse_bits(mid, mid_bits);
        if (mid2 < mid)
            continue;
        bn254_fr *t1 = a + (mid << Q), *t2 = a + (mid2 << Q);
        if (mid2 == mid) {
            for (unsigned hi = 0; hi < SIDE; hi++)
                for (unsigned lo = 0; lo < SIDE; lo++)
                    if (hi * SIDE + lo < rev[lo] * SIDE + rev[hi])
                        swap(&t1[hi * row_stride + lo], &t1[rev[lo] * row_stride + rev[hi]]);
            continue;
        }
        for (unsigned hi = 0; hi < SIDE; hi++) {
            memcpy(x[hi], t1 + hi * row_stride, sizeof x[hi]);
            memcpy(y[hi], t2 + hi * row_stride, sizeof y[hi]);
        }
        for (unsigned hi = 0; hi < SIDE; hi++)
            for (unsigned lo = 0; lo < SIDE; lo++) {
                t1[hi * row_stride + lo] = y[rev[lo]][rev[hi]];
                t2[hi * row_stride + lo] = x[rev[lo]][rev[hi]];
            }
    }
}
