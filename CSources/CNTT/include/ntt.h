/*
 * Number-theoretic transforms and vector kernels over BN254 Fr, for the polynomial layer.
 *
 * Conventions (besides those of bn254.h: Montgomery form, no hidden state):
 *  - A transform of size n = 2^log_n uses one twiddle table of n/2 entries,
 *    tw[i] = w^brv(i), with w a primitive n-th root of unity and brv the reversal of
 *    log_n - 1 bits. Its first m entries are the table of size 2m for the root w^(n/2m),
 *    so one table serves every smaller size, and the forward and inverse transforms.
 *  - The forward transform takes coefficients in natural order and leaves the evaluations
 *    at w^j in bit-reversed order (position p holds the value at w^brv(p)); the inverse
 *    takes that order back to natural-order coefficients, without the 1/n factor.
 *    bn254_ntt_bit_reverse converts between the orders.
 *  - Large transforms split into two cache-sized passes, each made of independent chunks
 *    that the caller may run on different threads (disjoint outputs):
 *      rows = 2^log_rows, columns = n / rows; element (r, c) is a[r * columns + c].
 *      column pass: the first log_rows stages, a size-rows transform down every column;
 *      block pass:  the remaining stages, a size-columns transform inside every row.
 *    Forward runs the column pass then the block pass; inverse the block pass then the
 *    column pass. log_rows = 0 makes the block pass the whole transform.
 */
#ifndef BN254_NTT_H
#define BN254_NTT_H

#include <stddef.h>
#include "bn254.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The butterfly code a pass runs: portable 64-bit scalar code, or eight butterflies at a time
 * with AVX-512 IFMA (52-bit limbs). Both give identical results; a kernel the CPU lacks, or a
 * transform too small for eight lanes, runs the scalar code.
 */
typedef enum { BN254_NTT_SCALAR = 0, BN254_NTT_AVX512_IFMA = 1 } bn254_ntt_kernel;

/** The fastest kernel this CPU runs. */
bn254_ntt_kernel bn254_ntt_best_kernel(void);

/** Columns per chunk of the column pass. */
#define BN254_NTT_TILE 8

/** Fills the 2^(log_n - 1) twiddles of a size-2^log_n transform from its root w (log_n >= 1). */
void bn254_ntt_twiddles(bn254_fr *tw, unsigned log_n, const bn254_fr *root);

/** Number of column chunks of the column pass: columns / BN254_NTT_TILE, rounded up. */
size_t bn254_ntt_column_chunks(unsigned log_n, unsigned log_rows);

/**
 * Column pass of the forward (or inverse) transform on column chunks [begin, end).
 * scratch holds rows * BN254_NTT_TILE elements, one buffer per concurrent caller.
 */
void bn254_ntt_forward_columns(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                               size_t begin, size_t end, bn254_fr *scratch, bn254_ntt_kernel kernel);
void bn254_ntt_inverse_columns(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                               size_t begin, size_t end, bn254_fr *scratch, bn254_ntt_kernel kernel);

/** Block pass of the forward (or inverse) transform on rows [begin, end). */
void bn254_ntt_forward_blocks(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                              size_t begin, size_t end, bn254_ntt_kernel kernel);
void bn254_ntt_inverse_blocks(bn254_fr *a, unsigned log_n, unsigned log_rows, const bn254_fr *tw,
                              size_t begin, size_t end, bn254_ntt_kernel kernel);

/** Number of independent chunks of the bit-reversal permutation of 2^log_n elements. */
size_t bn254_ntt_bit_reverse_chunks(unsigned log_n);

/** Bit-reversal permutation (an involution), restricted to chunks [begin, end). */
void bn254_ntt_bit_reverse(bn254_fr *a, unsigned log_n, size_t begin, size_t end);

/* ---------------------------------------------------------------- vector kernels */
/* Element-wise over count elements; outputs may alias inputs. */

void bn254_fr_vec_add(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count);
void bn254_fr_vec_sub(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count);
void bn254_fr_vec_mul(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count);
/** out[i] = a[i] * c. */
void bn254_fr_vec_scale(bn254_fr *out, const bn254_fr *a, const bn254_fr *c, size_t count);
/** out[i] = a[i] * start * ratio^i (coset shifts: a polynomial's coefficients times g^i). */
void bn254_fr_vec_scale_powers(bn254_fr *out, const bn254_fr *a, const bn254_fr *start,
                               const bn254_fr *ratio, size_t count);
/** out[i] = start * ratio^i. */
void bn254_fr_vec_powers(bn254_fr *out, const bn254_fr *start, const bn254_fr *ratio, size_t count);
/** r = sum of a[i] * b[i]. */
void bn254_fr_vec_dot(bn254_fr *r, const bn254_fr *a, const bn254_fr *b, size_t count);

/* ---------------------------------------------------------------- polynomial kernels */
/* Coefficients are stored lowest degree first. */

/** r = sum of c[i] * z^i (Horner). */
void bn254_fr_poly_eval(bn254_fr *r, const bn254_fr *c, size_t count, const bn254_fr *z);

/**
 * Division by (X - z): q (count - 1 elements) and the remainder rem = c(z) with
 * c(X) = q(X) * (X - z) + rem. q must not alias c. count >= 1.
 */
void bn254_fr_poly_div_linear(bn254_fr *q, bn254_fr *rem, const bn254_fr *c, size_t count,
                              const bn254_fr *z);

#ifdef __cplusplus
}
#endif

#endif
