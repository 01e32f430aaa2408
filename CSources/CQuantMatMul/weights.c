/*
 * GGUF weight blocks decoded into the lane layout (lanes.h): unsigned value bytes u, and for
 * each half block of 16 values a scale d and an offset o, with w = d u + o. Block formats from
 * ggml's ggml-common.h (nibble_j: for j < 16 the low nibble of qs[j], for j >= 16 the high nibble
 * of qs[j - 16]; bit_j: bit j of the 32-bit qh):
 *     Q4_0  half d; uint8 qs[16]                 w_j = d (nibble_j - 8)
 *     Q4_1  half d, m; uint8 qs[16]              w_j = d nibble_j + m
 *     Q5_0  half d; uint8 qh[4]; uint8 qs[16]    w_j = d (nibble_j + 16 bit_j - 16)
 *     Q5_1  half d, m; uint8 qh[4]; qs[16]       w_j = d (nibble_j + 16 bit_j) + m
 *     Q8_0  half d; int8 qs[32]                  w_j = d qs_j
 * and the K-quants, super-blocks of 256. Sub-block s of 32 (s = 4h + j, h the half of the
 * super-block), value l < 32:
 *     Q4_K  half d, dmin; scales[12]; qs[128]               w = d sc_s q - dmin m_s,
 *           q = the nibble (high for odd s) of qs[32 (s / 2) + l], sc and m 6-bit (scale_min)
 *     Q5_K  half d, dmin; scales[12]; qh[32]; qs[128]       as Q4_K, q += 16 bit s of qh[l]
 * and with a scale per 16 values (index 2s for l < 16, 2s + 1 for l >= 16):
 *     Q2_K  scales[16]; qs[64]; half d, dmin                w = d (sc & 15) q - dmin (sc >> 4),
 *           q = bits 2j, 2j + 1 of qs[32 h + l]
 *     Q3_K  hmask[32]; qs[64]; scales[12]; half d           w = d (sc - 32) (q - 4), q = the two
 *           bits of Q2_K plus 4 bit s of hmask[l], sc 6-bit (q3_scale)
 *     Q6_K  ql[128]; qh[64]; int8 scales[16]; half d         w = d sc (q - 32), q = the nibble
 *           (high for j >= 2) of ql[64 h + 32 (j % 2) + l] plus 16 times bits 2j, 2j + 1 of
 *           qh[32 h + l]
 */
#include <string.h>
#include "include/quant_matmul.h"
#include "lanes.h"
#include "block_scales.h"

#ifdef QMM_X86

QMM_INLINE float half_at(const uint8_t *p)
{
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

/* Block b's values 0..15 and 16..31, with the scale and offset of each half: per half block
   for the types of qmm_split, per block (d_lo, o_lo) for the others, whose products read
   neither the second scales nor the offsets of high halves. */
QMM_INLINE void put(uint8_t *out, size_t blocks, size_t b, __m128i lo, __m128i hi,
                    float d_lo, float d_hi, float o_lo, float o_hi, int split)
{
    _mm_storeu_si128((__m128i *)qmm_values(out, b), lo);
    _mm_storeu_si128((__m128i *)(qmm_values(out, b) + 64), hi);
    _mm_storeu_ps(qmm_scales(out, blocks, b), _mm_set1_ps(d_lo));
    float *offsets = qmm_offsets(out, blocks);
    if (split) {
        _mm_storeu_ps(qmm_second_scales(out, blocks, b), _mm_set1_ps(d_hi));
        offsets[2 * b] = o_lo;
        offsets[2 * b + 1] = o_hi;
    } else {
        offsets[b] = o_lo;
    }
}

/* 16 where bit j of `bits` is set, for bytes j = 0..15. */
QMM_INLINE __m128i fifth_bits(uint16_t bits)
{
    return _mm_maskz_mov_epi8(bits, _mm_set1_epi8(16));
}

/* Bits `shift` and `shift + 1` of each byte, as 0..3. */
QMM_INLINE __m128i two_bits(__m128i x, int shift)
{
    return _mm_and_si128(_mm_srl_epi16(x, _mm_cvtsi32_si128(shift)), _mm_set1_epi8(3));
}

QMM_INLINE __m128i load16(const uint8_t *p) { return _mm_loadu_si128((const __m128i *)p); }

QMM_TARGET void qmm_decode(uint8_t *out, const uint8_t *row, int type, size_t first, size_t blocks)
{
    const __m128i nibble = _mm_set1_epi8(0x0F), flip = _mm_set1_epi8((char)0x80);
    for (size_t b = 0; b < blocks; b++) {
        const size_t at = first + b, s = at % 8, h = s / 4, j = s % 4;
        switch (type) {
        case QMM_Q4_0:
        case QMM_Q4_1: {
            const uint8_t *block = row + at * (type == QMM_Q4_0 ? 18 : 20);
            __m128i qs = load16(block + (type == QMM_Q4_0 ? 2 : 4));
            float d = half_at(block), o = type == QMM_Q4_0 ? -8.0f * d : half_at(block + 2);
            put(out, blocks, b, _mm_and_si128(qs, nibble), _mm_and_si128(_mm_srli_epi16(qs, 4), nibble), d, d, o, o, 0);
            break;
        }
        case QMM_Q5_0:
        case QMM_Q5_1: {
            const uint8_t *block = row + at * (type == QMM_Q5_0 ? 22 : 24);
            const uint8_t *qh = block + (type == QMM_Q5_0 ? 2 : 4);
            uint32_t high;
            memcpy(&high, qh, 4);
            __m128i qs = load16(qh + 4);
            __m128i lo = _mm_or_si128(_mm_and_si128(qs, nibble), fifth_bits((uint16_t)high));
            __m128i hi = _mm_or_si128(_mm_and_si128(_mm_srli_epi16(qs, 4), nibble), fifth_bits((uint16_t)(high >> 16)));
            float d = half_at(block), o = type == QMM_Q5_0 ? -16.0f * d : half_at(block + 2);
            put(out, blocks, b, lo, hi, d, d, o, o, 0);
            break;
        }
        case QMM_Q8_0: {
            const uint8_t *block = row + at * 34;
            float d = half_at(block);
            put(out, blocks, b, _mm_xor_si128(load16(block + 2), flip), _mm_xor_si128(load16(block + 18), flip),
                d, d, -128.0f * d, -128.0f * d, 0);
            break;
        }
        case QMM_Q4_K:
        case QMM_Q5_K: {
            const uint8_t *super = row + (at / 8) * (type == QMM_Q4_K ? 144 : 176);
            const uint8_t *qs = super + (type == QMM_Q4_K ? 16 : 48) + 32 * (s / 2);
            __m128i q0 = load16(qs), q1 = load16(qs + 16);
            if (s % 2) {
                q0 = _mm_srli_epi16(q0, 4);
                q1 = _mm_srli_epi16(q1, 4);
            }
            __m128i lo = _mm_and_si128(q0, nibble), hi = _mm_and_si128(q1, nibble);
            if (type == QMM_Q5_K) {
                const __m128i bit = _mm_set1_epi8((char)(1 << s));
                lo = _mm_or_si128(lo, fifth_bits(_mm_test_epi8_mask(load16(super + 16), bit)));
                hi = _mm_or_si128(hi, fifth_bits(_mm_test_epi8_mask(load16(super + 32), bit)));
            }
            uint8_t sc, m;
            scale_min(super + 4, s, &sc, &m);
            float d = half_at(super) * sc, o = -half_at(super + 2) * m;
            put(out, blocks, b, lo, hi, d, d, o, o, 0);
            break;
        }
        case QMM_Q2_K: {
            const uint8_t *super = row + (at / 8) * 84, *qs = super + 16 + 32 * h;
            float d = half_at(super + 80), dmin = half_at(super + 82);
            uint8_t sc_lo = super[2 * s], sc_hi = super[2 * s + 1];
            put(out, blocks, b, two_bits(load16(qs), 2 * (int)j), two_bits(load16(qs + 16), 2 * (int)j),
                d * (sc_lo & 15), d * (sc_hi & 15), -dmin * (sc_lo >> 4), -dmin * (sc_hi >> 4), 1);
            break;
        }
        case QMM_Q3_K: {
            const uint8_t *super = row + (at / 8) * 110, *qs = super + 32 + 32 * h;
            const __m128i bit = _mm_set1_epi8((char)(1 << s)), four = _mm_set1_epi8(4);
            __m128i lo = _mm_or_si128(two_bits(load16(qs), 2 * (int)j), _mm_maskz_mov_epi8(_mm_test_epi8_mask(load16(super), bit), four));
            __m128i hi = _mm_or_si128(two_bits(load16(qs + 16), 2 * (int)j),
                                      _mm_maskz_mov_epi8(_mm_test_epi8_mask(load16(super + 16), bit), four));
            float d = half_at(super + 108);
            float d_lo = d * (float)(q3_scale(super + 96, 2 * s) - 32), d_hi = d * (float)(q3_scale(super + 96, 2 * s + 1) - 32);
            put(out, blocks, b, lo, hi, d_lo, d_hi, -4.0f * d_lo, -4.0f * d_hi, 1);
            break;
        }
        case QMM_Q6_K: {
            const uint8_t *super = row + (at / 8) * 210, *ql = super + 64 * h + 32 * (j % 2), *qh = super + 128 + 32 * h;
            __m128i q0 = load16(ql), q1 = load16(ql + 16);
            if (j >= 2) {
                q0 = _mm_srli_epi16(q0, 4);
                q1 = _mm_srli_epi16(q1, 4);
            }
            __m128i lo = _mm_or_si128(_mm_and_si128(q0, nibble), _mm_slli_epi16(two_bits(load16(qh), 2 * (int)j), 4));
            __m128i hi = _mm_or_si128(_mm_and_si128(q1, nibble), _mm_slli_epi16(two_bits(load16(qh + 16), 2 * (int)j), 4));
            const int8_t *scales = (const int8_t *)(super + 192);
            float d = half_at(super + 208), d_lo = d * scales[2 * s], d_hi = d * scales[2 * s + 1];
            put(out, blocks, b, lo, hi, d_lo, d_hi, -32.0f * d_lo, -32.0f * d_hi, 1);
            break;
        }
        }
    }
    const size_t s = qmm_sums_count(blocks), used = qmm_split(type) ? 2 * blocks : blocks;
    qmm_clear_tail(out, blocks, qmm_split(type), qmm_offsets(out, blocks) + used, 2 * s - used);
}
#endif
