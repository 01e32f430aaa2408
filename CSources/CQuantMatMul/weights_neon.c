/*
 * GGUF weight blocks decoded into the lane layout on aarch64: the NEON twin of weights.c (the
 * block formats are listed there), giving the same bytes and floats except Q8_0's values, kept
 * as the signed q for SDOT (lanes.h).
 */
#include <string.h>
#include "include/quant_matmul.h"
#include "lanes.h"
#include "block_scales.h"

#ifdef QMM_NEON

/* Block b's values and the scale and offset of each half, as put() in weights.c. */
QMM_INLINE void put(uint8_t *out, size_t blocks, size_t b, uint8x16_t lo, uint8x16_t hi,
                    float d_lo, float d_hi, float o_lo, float o_hi, int split)
{
    vst1q_u8(qmm_values(out, b), lo);
    vst1q_u8(qmm_values(out, b) + 64, hi);
    vst1q_f32(qmm_scales(out, blocks, b), vdupq_n_f32(d_lo));
    float *offsets = qmm_offsets(out, blocks);
    if (split) {
        vst1q_f32(qmm_second_scales(out, blocks, b), vdupq_n_f32(d_hi));
        offsets[2 * b] = o_lo;
        offsets[2 * b + 1] = o_hi;
    } else {
        offsets[b] = o_lo;
    }
}

/* `value` in byte j where bit j of `bits` is set, for bytes j = 0..15. */
QMM_INLINE uint8x16_t bits_to_bytes(uint16_t bits, uint8_t value)
{
    static const uint8_t powers[16] = { 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128 };
    uint8x16_t spread = vcombine_u8(vdup_n_u8((uint8_t)bits), vdup_n_u8((uint8_t)(bits >> 8)));
    return vandq_u8(vtstq_u8(spread, vld1q_u8(powers)), vdupq_n_u8(value));
}

/* `value` in each byte of x whose bit s is set. */
QMM_INLINE uint8x16_t bit_to_bytes(uint8x16_t x, size_t s, uint8_t value)
{
    return vandq_u8(vtstq_u8(x, vdupq_n_u8((uint8_t)(1u << s))), vdupq_n_u8(value));
}

/* Bits `shift` and `shift + 1` of each byte, as 0..3. */
QMM_INLINE uint8x16_t two_bits(uint8x16_t x, int shift)
{
    return vandq_u8(vshlq_u8(x, vdupq_n_s8((int8_t)-shift)), vdupq_n_u8(3));
}

QMM_INLINE uint8x16_t low_nibbles(uint8x16_t x) { return vandq_u8(x, vdupq_n_u8(0x0F)); }

QMM_TARGET void qmm_decode(uint8_t *out, const uint8_t *row, int type, size_t first, size_t blocks)
{
    for (size_t b = 0; b < blocks; b++) {
        const size_t at = first + b, s = at % 8, h = s / 4, j = s % 4;
        switch (type) {
        case QMM_Q4_0:
        case QMM_Q4_1: {
            const uint8_t *block = row + at * (type == QMM_Q4_0 ? 18 : 20);
            uint8x16_t qs = vld1q_u8(block + (type == QMM_Q4_0 ? 2 : 4));
            float d = qmm_half(block), o = type == QMM_Q4_0 ? -8.0f * d : qmm_half(block + 2);
            put(out, blocks, b, low_nibbles(qs), vshrq_n_u8(qs, 4), d, d, o, o, 0);
            break;
        }
        case QMM_Q5_0:
        case QMM_Q5_1: {
            const uint8_t *block = row + at * (type == QMM_Q5_0 ? 22 : 24);
            const uint8_t *qh = block + (type == QMM_Q5_0 ? 2 : 4);
            uint32_t high;
            memcpy(&high, qh, 4);
            uint8x16_t qs = vld1q_u8(qh + 4);
            uint8x16_t lo = vorrq_u8(low_nibbles(qs), bits_to_bytes((uint16_t)high, 16));
            uint8x16_t hi = vorrq_u8(vshrq_n_u8(qs, 4), bits_to_bytes((uint16_t)(high >> 16), 16));
            float d = qmm_half(block), o = type == QMM_Q5_0 ? -16.0f * d : qmm_half(block + 2);
            put(out, blocks, b, lo, hi, d, d, o, o, 0);
            break;
        }
        case QMM_Q8_0: {
            const uint8_t *block = row + at * 34;
            float d = qmm_half(block);
            put(out, blocks, b, vld1q_u8(block + 2), vld1q_u8(block + 18), d, d, -128.0f * d, -128.0f * d, 0);
            break;
        }
        case QMM_Q4_K:
        case QMM_Q5_K: {
            const uint8_t *super = row + (at / 8) * (type == QMM_Q4_K ? 144 : 176);
            const uint8_t *qs = super + (type == QMM_Q4_K ? 16 : 48) + 32 * (s / 2);
            uint8x16_t q0 = vld1q_u8(qs), q1 = vld1q_u8(qs + 16);
            uint8x16_t lo = s % 2 ? vshrq_n_u8(q0, 4) : low_nibbles(q0);
            uint8x16_t hi = s % 2 ? vshrq_n_u8(q1, 4) : low_nibbles(q1);
            if (type == QMM_Q5_K) {
                lo = vorrq_u8(lo, bit_to_bytes(vld1q_u8(super + 16), s, 16));
                hi = vorrq_u8(hi, bit_to_bytes(vld1q_u8(super + 32), s, 16));
            }
            uint8_t sc, m;
            scale_min(super + 4, s, &sc, &m);
            float d = qmm_half(super) * sc, o = -qmm_half(super + 2) * m;
            put(out, blocks, b, lo, hi, d, d, o, o, 0);
            break;
        }
        case QMM_Q2_K: {
            const uint8_t *super = row + (at / 8) * 84, *qs = super + 16 + 32 * h;
            float d = qmm_half(super + 80), dmin = qmm_half(super + 82);
            uint8_t sc_lo = super[2 * s], sc_hi = super[2 * s + 1];
            put(out, blocks, b, two_bits(vld1q_u8(qs), 2 * (int)j), two_bits(vld1q_u8(qs + 16), 2 * (int)j),
                d * (sc_lo & 15), d * (sc_hi & 15), -dmin * (sc_lo >> 4), -dmin * (sc_hi >> 4), 1);
            break;
        }
        case QMM_Q3_K: {
            const uint8_t *super = row + (at / 8) * 110, *qs = super + 32 + 32 * h;
            uint8x16_t lo = vorrq_u8(two_bits(vld1q_u8(qs), 2 * (int)j), bit_to_bytes(vld1q_u8(super), s, 4));
            uint8x16_t hi = vorrq_u8(two_bits(vld1q_u8(qs + 16), 2 * (int)j), bit_to_bytes(vld1q_u8(super + 16), s, 4));
            float d = qmm_half(super + 108);
            float d_lo = d * (float)(q3_scale(super + 96, 2 * s) - 32), d_hi = d * (float)(q3_scale(super + 96, 2 * s + 1) - 32);
            put(out, blocks, b, lo, hi, d_lo, d_hi, -4.0f * d_lo, -4.0f * d_hi, 1);
            break;
        }
        case QMM_Q6_K: {
            const uint8_t *super = row + (at / 8) * 210, *ql = super + 64 * h + 32 * (j % 2), *qh = super + 128 + 32 * h;
            uint8x16_t q0 = vld1q_u8(ql), q1 = vld1q_u8(ql + 16);
            q0 = j >= 2 ? vshrq_n_u8(q0, 4) : low_nibbles(q0);
            q1 = j >= 2 ? vshrq_n_u8(q1, 4) : low_nibbles(q1);
            uint8x16_t lo = vorrq_u8(q0, vshlq_n_u8(two_bits(vld1q_u8(qh), 2 * (int)j), 4));
            uint8x16_t hi = vorrq_u8(q1, vshlq_n_u8(two_bits(vld1q_u8(qh + 16), 2 * (int)j), 4));
            const int8_t *scales = (const int8_t *)(super + 192);
            float d = qmm_half(super + 208), d_lo = d * scales[2 * s], d_hi = d * scales[2 * s + 1];
            put(out, blocks, b, lo, hi, d_lo, d_hi, -32.0f * d_lo, -32.0f * d_hi, 1);
            break;
        }
        }
    }
    const size_t s = qmm_sums_count(blocks), used = qmm_split(type) ? 2 * blocks : blocks;
    qmm_clear_tail(out, blocks, qmm_split(type), qmm_offsets(out, blocks) + used, 2 * s - used);
}
#endif
