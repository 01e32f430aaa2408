/*
 * Multi-scalar multiplication over BN254 G1 and G2: sum_i k_i P_i by Pippenger's bucket
 * method with signed digits.
 *
 * The work is cut into tasks that the caller runs on its own threads:
 *   1. bn254_msm_*_plan picks the number of windows and how tasks split points and windows;
 *   2. bn254_msm_digits recodes a slice of the scalars into signed window digits;
 *   3. bn254_msm_*_accumulate runs one task: a slice of points for a group of windows,
 *      into one point per window, in caller-provided scratch memory;
 *   4. bn254_msm_*_combine adds the slices and weighs the windows by powers of two.
 * No function keeps state; tasks with disjoint outputs and scratch may run concurrently.
 *
 * Scalars are Fr elements (bn254_fr, Montgomery form, limbs < r as every stored Fr), so a
 * scalar >= r cannot be passed. Bases are affine with infinity as (0, 0) (see bn254.h);
 * infinity bases and zero scalars contribute nothing.
 */
#ifndef BN254_MSM_H
#define BN254_MSM_H

#include <stddef.h>
#include <stdint.h>

#include "bn254.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Scalars are cut into windows covering 255 bits: r < 2^254, and the extra bit absorbs the
 * carry of the signed recoding, so the top digit needs no window of its own. Windows are at
 * most 15 bits wide so that a digit fits an int16_t; 17 windows are needed for that.
 * Short scalars (bn254_msm_small_digits) have windows covering only their magnitudes' bits
 * plus that carry bit, so fewer windows do.
 */
#define BN254_MSM_SCALAR_BITS 255
#define BN254_MSM_MIN_WINDOWS 17
#define BN254_MSM_MAX_WINDOWS 64
#define BN254_MSM_MAX_WIDTH 15

/**
 * How one MSM is cut: the window count, and `point_parts * window_parts` tasks, task t
 * taking point slice t / window_parts and window group t % window_parts (both split as
 * bn254_msm_part splits them). `vector` selects the AVX-512 IFMA kernels; the plan
 * functions set it only when the CPU has them, and clearing it gives the portable code.
 */
typedef struct {
    size_t points;
    unsigned windows;
    unsigned point_parts;
    unsigned window_parts;
    int vector;
    /* bits the windows cover: BN254_MSM_SCALAR_BITS for Fr scalars; magnitude bits + 1 for
       short ones */
    unsigned bits;
} bn254_msm_plan;

/** The plan for n points and at most `threads` concurrent tasks (cost model in plan.c). */
bn254_msm_plan bn254_msm_g1_plan(size_t n, unsigned threads);
bn254_msm_plan bn254_msm_g2_plan(size_t n, unsigned threads);

/**
 * The plan for n short scalars whose windows cover `bits` bits (2 <= bits <= 64): the
 * magnitudes' bit length plus one for the carry of the signed recoding.
 */
bn254_msm_plan bn254_msm_g1_plan_bits(size_t n, unsigned threads, unsigned bits);

/** 1 when this CPU runs the AVX-512 IFMA kernels. */
int bn254_msm_vector_available(void);

/** Part `index` of `count` even parts of [0, total): sets [*begin, *end). */
void bn254_msm_part(size_t total, unsigned count, unsigned index, size_t *begin, size_t *end);

/** Bit width and lowest bit position of the plan's window w (widths differ by at most 1). */
unsigned bn254_msm_window_width(const bn254_msm_plan *plan, unsigned w);
unsigned bn254_msm_window_offset(const bn254_msm_plan *plan, unsigned w);

/**
 * Signed digits of scalars[begin .. end): digit w of scalars[i] goes to
 * digits[w * plan->points + i], so each window's digits are contiguous. Digits of window w
 * lie in [-2^(c-1), 2^(c-1)] for c its width, and k = sum_w digit_w 2^offset_w.
 */
void bn254_msm_digits(int16_t *digits, const bn254_fr *scalars, const bn254_msm_plan *plan, size_t begin,
                      size_t end);

/**
 * Short scalars: out[i] = the scalar's value v as a signed integer when |v| < 2^62 (v is
 * r - |v| for negative v), else INT64_MIN, which marks a scalar for the full-width MSM.
 */
void bn254_msm_small_scalars(int64_t *out, const bn254_fr *scalars, size_t n);

/**
 * Signed digits of short scalars[begin .. end) (none INT64_MIN, magnitudes below
 * 2^(plan->bits - 1)), laid out as bn254_msm_digits lays them: a negative scalar's digits are
 * its magnitude's negated, so the bases need no negation.
 */
void bn254_msm_small_digits(int16_t *digits, const int64_t *scalars, const bn254_msm_plan *plan, size_t begin,
                            size_t end);

/** Bytes of scratch one accumulate task needs (64-byte aligned). */
size_t bn254_msm_g1_scratch_size(const bn254_msm_plan *plan);
size_t bn254_msm_g2_scratch_size(const bn254_msm_plan *plan);

/**
 * Task `task` of the plan: for its point slice s and each window w of its group,
 * sums[s * windows + w] = sum over the slice of digit_w(k_i) P_i. `sums` has
 * point_parts * windows entries; `digits` come from bn254_msm_digits for all points.
 * At most 2^31 - 1 points (point references are 32-bit).
 */
void bn254_msm_g1_accumulate(bn254_g1 *sums, const bn254_g1_affine *bases, const int16_t *digits,
                             const bn254_msm_plan *plan, unsigned task, void *scratch);
void bn254_msm_g2_accumulate(bn254_g2 *sums, const bn254_g2_affine *bases, const int16_t *digits,
                             const bn254_msm_plan *plan, unsigned task, void *scratch);

/** r = sum_w 2^offset_w sum_s sums[s * windows + w]: the MSM from all tasks' sums. */
void bn254_msm_g1_combine(bn254_g1 *r, const bn254_g1 *sums, const bn254_msm_plan *plan);
void bn254_msm_g2_combine(bn254_g2 *r, const bn254_g2 *sums, const bn254_msm_plan *plan);

#ifdef __cplusplus
}
#endif
#endif
