/* Window layout and the signed-digit recoding of scalars. */
#include <string.h>

#include "msm_internal.h"

unsigned bn254_msm_window_width(const bn254_msm_plan *plan, unsigned w)
{
    return plan->bits / plan->windows + (w < plan->bits % plan->windows);
}

unsigned bn254_msm_window_offset(const bn254_msm_plan *plan, unsigned w)
{
    unsigned extra = plan->bits % plan->windows;
    return w * (plan->bits / plan->windows) + (w < extra ? w : extra);
}

void bn254_msm_part(size_t total, unsigned count, unsigned index, size_t *begin, size_t *end)
{
    *begin = total / count * index + (index < total % count ? index : total % count);
    *end = *begin + total / count + (index < total % count);
}

/* Points recoded together: each window's digits then leave as one run of 128 bytes
   instead of one scattered 2-byte store per window and point. */
#define BLOCK 64

/*
 * A window value v (plus the carry from below) at or above half the window becomes the
 * negative digit v - 2^c and carries one into the next window: digits then stay within
 * half a window, which halves the buckets. The top window keeps its value: r < 2^254 leaves
 * its top bit clear, so value plus carry is at most 2^(c-1), still one bucket per magnitude.
 */
void bn254_msm_digits(int16_t *digits, const bn254_fr *scalars, const bn254_msm_plan *plan, size_t begin,
                      size_t end)
{
    unsigned windows = plan->windows, width[BN254_MSM_MAX_WINDOWS], byte[BN254_MSM_MAX_WINDOWS];
    unsigned shift[BN254_MSM_MAX_WINDOWS];
    for (unsigned w = 0; w < windows; w++) {
        width[w] = bn254_msm_window_width(plan, w);
        byte[w] = bn254_msm_window_offset(plan, w) / 8;
        shift[w] = bn254_msm_window_offset(plan, w) % 8;
    }
    int16_t block[BN254_MSM_MAX_WINDOWS][BLOCK];
    for (size_t start = begin; start < end; start += BLOCK) {
        size_t count = end - start < BLOCK ? end - start : BLOCK;
        for (size_t i = 0; i < count; i++) {
            /* a window's bits are one unaligned 64-bit load away (a zero limb pads the end) */
            uint64_t k[5] = {0, 0, 0, 0, 0};
            mont_to_canonical(k, scalars[start + i].v, &BN254_FR_FIELD);
            const uint8_t *bytes = (const uint8_t *)k;
            int carry = 0;
            for (unsigned w = 0; w < windows; w++) {
                uint64_t word;
                memcpy(&word, bytes + byte[w], sizeof word);
                int v = (int)((word >> shift[w]) & ((1u << width[w]) - 1)) + carry;
                carry = w + 1 < windows && v >= (1 << (width[w] - 1));
                block[w][i] = (int16_t)(v - (carry << width[w]));
            }
        }
        for (unsigned w = 0; w < windows; w++)
            memcpy(digits + w * plan->points + start, block[w], count * sizeof(int16_t));
    }
}

void bn254_msm_small_scalars(int64_t *out, const bn254_fr *scalars, size_t n)
{
    static const uint64_t r[4] = {BN254_FR_FIELD_MODULUS};
    for (size_t i = 0; i < n; i++) {
        uint64_t k[4];
        mont_to_canonical(k, scalars[i].v, &BN254_FR_FIELD);
        if ((k[1] | k[2] | k[3]) == 0 && k[0] < ((uint64_t)1 << 62)) {
            out[i] = (int64_t)k[0];
            continue;
        }
        /* r - k, below 2^62 only if its upper limbs vanish */
        uint64_t m[4], borrow = 0;
        for (int j = 0; j < 4; j++) {
            uint64_t d = r[j] - k[j] - borrow;
            borrow = (r[j] < k[j]) || (r[j] - k[j] < borrow);
            m[j] = d;
        }
        out[i] = (m[1] | m[2] | m[3]) == 0 && m[0] < ((uint64_t)1 << 62) ? -(int64_t)m[0] : INT64_MIN;
    }
}

/* The recoding of bn254_msm_digits on a 64-bit magnitude, each digit negated for a negative
   scalar: -|v| = sum_w (-digit_w) 2^offset_w. */
void bn254_msm_small_digits(int16_t *digits, const int64_t *scalars, const bn254_msm_plan *plan, size_t begin,
                            size_t end)
{
    unsigned windows = plan->windows, width[BN254_MSM_MAX_WINDOWS], offset[BN254_MSM_MAX_WINDOWS];
    for (unsigned w = 0; w < windows; w++) {
        width[w] = bn254_msm_window_width(plan, w);
        offset[w] = bn254_msm_window_offset(plan, w);
    }
    int16_t block[BN254_MSM_MAX_WINDOWS][BLOCK];
    for (size_t start = begin; start < end; start += BLOCK) {
        size_t count = end - start < BLOCK ? end - start : BLOCK;
        for (size_t i = 0; i < count; i++) {
            int64_t v = scalars[start + i];
            uint64_t magnitude = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            int sign = v < 0 ? -1 : 1, carry = 0;
            for (unsigned w = 0; w < windows; w++) {
                int d = (int)((magnitude >> offset[w]) & ((1u << width[w]) - 1)) + carry;
                carry = w + 1 < windows && d >= (1 << (width[w] - 1));
                block[w][i] = (int16_t)(sign * (d - (carry << width[w])));
            }
        }
        for (unsigned w = 0; w < windows; w++)
            memcpy(digits + w * plan->points + start, block[w], count * sizeof(int16_t));
    }
}
