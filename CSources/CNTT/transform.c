/*
 * Forward and inverse NTT passes (layout and conventions in include/ntt.h).
 *
 * Forward stage s of a size-2^L transform has 2^s groups of 2^(L-s) consecutive elements;
 * group i pairs element k with element k + half and applies the Cooley-Tukey butterfly
 * (u, v) -> (u + w v, u - w v) with the single twiddle w = tw[i]: the twiddles are constant
 * within a group and read in order across groups, which is why the table is bit-reversed.
 * A sub-transform at offset b (a block of the block pass) continues the stage numbering of
 * the whole transform, so its group i reads tw[(b << s) + i].
 *
 * The inverse undoes the stages in reverse order with Gentleman-Sande butterflies
 * (u, v) -> (u + v, (u - v) w^-1), each halving being folded into the final 1/n. For i >= 1
 * the inverse twiddle is already in the table, negated (ntt_inverse_index), and the minus
 * sign is absorbed as (v - u) tw[...].
 *
 * Two stages are fused per sweep (radix 4): half the loads and stores of radix 2 for the
 * same multiplications, which a prime field cannot reduce further (w_4 is not free here).
 */
#include "ntt_internal.h"
#include "../CBN254/field_internal.h"

/* Elements are addressed in units of `width` consecutive values (a tile of columns). */

BN254_INLINE void ct(bn254_fr *u, bn254_fr *v, const bn254_fr *w)
{
    bn254_fr t;
    fr_mul(&t, v, w);
    fr_sub(v, u, &t);
    fr_add(u, u, &t);
}

BN254_INLINE void ct_unit(bn254_fr *u, bn254_fr *v)
{
    bn254_fr t = *v;
    fr_sub(v, u, &t);
    fr_add(u, u, &t);
}

/* w is the table entry whose negation is the inverse twiddle. */
BN254_INLINE void gs(bn254_fr *u, bn254_fr *v, const bn254_fr *w)
{
    bn254_fr t;
    fr_sub(&t, v, u);
    fr_add(u, u, v);
    fr_mul(v, &t, w);
}

BN254_INLINE void gs_unit(bn254_fr *u, bn254_fr *v)
{
    bn254_fr t;
    fr_sub(&t, u, v);
    fr_add(u, u, v);
    *v = t;
}

static void forward_radix2(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                           const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, half = ((size_t)1 << (log_len - s - 1)) * width;
    for (size_t g = 0; g < groups; g++) {
        size_t i = (base << s) + g;
        bn254_fr *u = x + 2 * half * g, *v = u + half;
        if (i == 0) {
            for (size_t k = 0; k < half; k++)
                ct_unit(u + k, v + k);
        } else {
            bn254_fr w = tw[i];
            for (size_t k = 0; k < half; k++)
                ct(u + k, v + k, &w);
        }
    }
}

/* Stages s and s + 1: group i of stage s splits into groups 2i and 2i + 1 of stage s + 1. */
static void forward_radix4(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                           const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, q = ((size_t)1 << (log_len - s - 2)) * width;
    for (size_t g = 0; g < groups; g++) {
        size_t i = (base << s) + g;
        bn254_fr *p = x + 4 * q * g;
        bn254_fr w2 = tw[2 * i + 1];
        if (i == 0) {
            for (size_t k = 0; k < q; k++) {
                bn254_fr a0 = p[k], a1 = p[k + q], a2 = p[k + 2 * q], a3 = p[k + 3 * q];
                ct_unit(&a0, &a2);
                ct_unit(&a1, &a3);
                ct_unit(&a0, &a1);
                ct(&a2, &a3, &w2);
                p[k] = a0, p[k + q] = a1, p[k + 2 * q] = a2, p[k + 3 * q] = a3;
            }
        } else {
            bn254_fr w = tw[i], w1 = tw[2 * i];
            for (size_t k = 0; k < q; k++) {
                bn254_fr a0 = p[k], a1 = p[k + q], a2 = p[k + 2 * q], a3 = p[k + 3 * q];
                ct(&a0, &a2, &w);
                ct(&a1, &a3, &w);
                ct(&a0, &a1, &w1);
                ct(&a2, &a3, &w2);
                p[k] = a0, p[k + q] = a1, p[k + 2 * q] = a2, p[k + 3 * q] = a3;
            }
        }
    }
}

static void inverse_radix2(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                           const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, half = ((size_t)1 << (log_len - s - 1)) * width;
    for (size_t g = 0; g < groups; g++) {
        size_t i = (base << s) + g;
        bn254_fr *u = x + 2 * half * g, *v = u + half;
        if (i == 0) {
            for (size_t k = 0; k < half; k++)
                gs_unit(u + k, v + k);
        } else {
            bn254_fr w = tw[ntt_inverse_index(i)];
            for (size_t k = 0; k < half; k++)
                gs(u + k, v + k, &w);
        }
    }
}

/* Stages s + 1 then s, undoing forward_radix4. */
static void inverse_radix4(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                           const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, q = ((size_t)1 << (log_len - s - 2)) * width;
    for (size_t g = 0; g < groups; g++) {
        size_t i = (base << s) + g;
        bn254_fr *p = x + 4 * q * g;
        bn254_fr w2 = tw[ntt_inverse_index(2 * i + 1)];
        if (i == 0) {
            for (size_t k = 0; k < q; k++) {
                bn254_fr a0 = p[k], a1 = p[k + q], a2 = p[k + 2 * q], a3 = p[k + 3 * q];
                gs_unit(&a0, &a1);
                gs(&a2, &a3, &w2);
                gs_unit(&a0, &a2);
                gs_unit(&a1, &a3);
                p[k] = a0, p[k + q] = a1, p[k + 2 * q] = a2, p[k + 3 * q] = a3;
            }
        } else {
            bn254_fr w = tw[ntt_inverse_index(i)], w1 = tw[ntt_inverse_index(2 * i)];
            for (size_t k = 0; k < q; k++) {
                bn254_fr a0 = p[k], a1 = p[k + q], a2 = p[k + 2 * q], a3 = p[k + 3 * q];
                gs(&a0, &a1, &w1);
                gs(&a2, &a3, &w2);
                gs(&a0, &a2, &w);
                gs(&a1, &a3, &w);
                p[k] = a0, p[k + q] = a1, p[k + 2 * q] = a2, p[k + 3 * q] = a3;
            }
        }
    }
}

/* All stages of a size-2^log_len transform; an odd stage goes first, where its groups are
   longest and its loop overhead smallest. */
static void forward_all_scalar(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base)
{
    unsigned s = 0;
    if (log_len % 2 == 1)
        forward_radix2(x, log_len, s++, width, tw, base);
    for (; s < log_len; s += 2)
        forward_radix4(x, log_len, s, width, tw, base);
}

static void inverse_all_scalar(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base)
{
    unsigned odd = log_len % 2;
    for (unsigned s = log_len; s > odd; s -= 2)
        inverse_radix4(x, log_len, s - 2, width, tw, base);
    if (odd)
        inverse_radix2(x, log_len, 0, width, tw, base);
}

#ifdef NTT_IFMA
static int use_ifma(bn254_ntt_kernel kernel, unsigned log_len, size_t width)
{
    return kernel == BN254_NTT_AVX512_IFMA && ntt_ifma_fits(log_len, width) && ntt_ifma_supported();
}
#endif

static void forward_all(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base,
                        bn254_ntt_kernel kernel)
{
#ifdef NTT_IFMA
    if (use_ifma(kernel, log_len, width)) {
        ntt_ifma_forward_all(x, log_len, width, tw, base);
        return;
    }
#endif
    (void)kernel;
    forward_all_scalar(x, log_len, width, tw, base);
}

static void inverse_all(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base,
                        bn254_ntt_kernel kernel)
{
#ifdef NTT_IFMA
    if (use_ifma(kernel, log_len, width)) {
        ntt_ifma_inverse_all(x, log_len, width, tw, base);
        return;
    }
#endif
    (void)kernel;
    inverse_all_scalar(x, log_len, width, tw, base);
}

bn254_ntt_kernel bn254_ntt_best_kernel(void)
{
#ifdef NTT_IFMA
    if (ntt_ifma_supported())
        return BN254_NTT_AVX512_IFMA;
#endif
    return BN254_NTT_SCALAR;
}

void bn254_ntt_twiddles(bn254_fr *tw, unsigned log_n, const bn254_fr *root)
{
    /* roots[j] = root^(2^j) has order 2^(log_n - j). */
    bn254_fr roots[64];
    roots[0] = *root;
    for (unsigned j = 1; j < log_n; j++)
        fr_sqr(&roots[j], &roots[j - 1]);
    tw[0] = (bn254_fr){{BN254_FR_FIELD_ONE}};
    /* tw[m + i] = tw[i] * w_(4m): the bit reversal of m + i is that of i, doubled, plus one. */
    size_t half = (size_t)1 << (log_n - 1);
    for (size_t m = 1, log_4m = 2; m < half; m *= 2, log_4m++)
        bn254_fr_vec_scale(tw + m, tw, &roots[log_n - log_4m], m);
}

size_t bn254_ntt_column_chunks(unsigned log_n, unsigned log_rows)
{
    size_t columns = (size_t)1 << (log_n - log_rows);
    return columns < BN254_NTT_TILE ? 1 : columns / BN254_NTT_TILE;
}

/* Copies a tile of columns into scratch (row r at scratch + r * width), transforms it there
   in cache, and copies it back: the rows are far apart, and would share cache sets. */
static void column_pass(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                        size_t begin, size_t end, bn254_fr *scratch, int inverse, bn254_ntt_kernel kernel)
{
    size_t rows = (size_t)1 << log_rows, columns = (size_t)1 << (log_n - log_rows);
    size_t width = columns < BN254_NTT_TILE ? columns : BN254_NTT_TILE;
    for (size_t chunk = begin; chunk < end; chunk++) {
        bn254_fr *tile = a + chunk * width;
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < width; c++)
                scratch[r * width + c] = tile[r * columns + c];
        if (inverse)
            inverse_all(scratch, log_rows, width, tw, 0, kernel);
        else
            forward_all(scratch, log_rows, width, tw, 0, kernel);
        for (size_t r = 0; r < rows; r++)
            for (size_t c = 0; c < width; c++)
                tile[r * columns + c] = scratch[r * width + c];
    }
}

void bn254_ntt_forward_columns(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                               size_t begin, size_t end, bn254_fr *scratch, bn254_ntt_kernel kernel)
{
    column_pass(a, log_n, log_rows, tw, begin, end, scratch, 0, kernel);
}

void bn254_ntt_inverse_columns(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                               size_t begin, size_t end, bn254_fr *scratch, bn254_ntt_kernel kernel)
{
    column_pass(a, log_n, log_rows, tw, begin, end, scratch, 1, kernel);
}

void bn254_ntt_forward_blocks(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                              size_t begin, size_t end, bn254_ntt_kernel kernel)
{
    unsigned log_columns = log_n - log_rows;
    for (size_t b = begin; b < end; b++)
        forward_all(a + (b << log_columns), log_columns, 1, tw, b, kernel);
}

void bn254_ntt_inverse_blocks(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                              size_t begin, size_t end, bn254_ntt_kernel kernel)
{
    unsigned log_columns = log_n - log_rows;
    for (size_t b = begin; b < end; b++)
        inverse_all(a + (b << log_columns), log_columns, 1, tw, b, kernel);
}
