/*
 * GGUF weight blocks decoded into the lane layout (lanes.h): unsigned value bytes u, the scale d
 * and the offset o of every block of 32, with w = d u + o. Block formats from ggml's
 * ggml-common.h (nibble_j: for j < 16 the low nibble of qs[j], for j >= 16 the high nibble of
 * qs[j - 16]; bit_j: bit j of the 32-bit qh):
 *     Q4_0  half d; uint8 qs[16]                 w_j = d (nibble_j - 8)
 *     Q4_1  half d, m; uint8 qs[16]              w_j = d nibble_j + m
 *     Q5_0  half d; uint8 qh[4]; uint8 qs[16]    w_j = d (nibble_j + 16 bit_j - 16)
 *     Q5_1  half d, m; uint8 qh[4]; qs[16]       w_j = d (nibble_j + 16 bit_j) + m
 *     Q8_0  half d; int8 qs[32]                  w_j = d qs_j
 * and the K-quants, super-blocks of 256 in eight sub-blocks of 32 with 6-bit scales sc and mins m
 * (packed in 12 bytes, see scale_min):
 *     Q4_K  half d, dmin; scales[12]; qs[128]             sub-block s, value l:
 *           w = d sc_s q - dmin m_s, q = nibble (s odd: high) of qs[32 (s / 2) + l]
 *     Q5_K  half d, dmin; scales[12]; qh[32]; qs[128]     as Q4_K, q += 16 (bit s of qh[l])
 */
#include <string.h>
#include "include/quant_matmul.h"
#include "lanes.h"

QMM_INLINE float half_at(const uint8_t *p)
{
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

/* Block b's values 0..15 and 16..31 and its scale; the caller writes its offset. */
QMM_INLINE void put(uint8_t *out, size_t blocks, size_t b, __m128i lo, __m128i hi, float d)
{
    _mm_storeu_si128((__m128i *)qmm_values(out, b), lo);
    _mm_storeu_si128((__m128i *)(qmm_values(out, b) + 64), hi);
    _mm_storeu_ps(qmm_scales(out, blocks, b), _mm_set1_ps(d));
}

/* 16 where bit j of `bits` is set, for bytes j = 0..15. */
QMM_INLINE __m128i fifth_bits(uint16_t bits)
{
    return _mm_maskz_mov_epi8(bits, _mm_set1_epi8(16));
}

/* Sub-block j's 6-bit scale and min: j < 4 in the low six bits of bytes j and j + 4; j >= 4 as
   nibbles of byte j + 4 with their top two bits in the top bits of bytes j - 4 and j. */
static inline void scale_min(const uint8_t *q, size_t j, uint8_t *sc, uint8_t *m)
{
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = (uint8_t)((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        *m = (uint8_t)((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

QMM_TARGET void qmm_decode(uint8_t *out, const uint8_t *row, int type, size_t first, size_t blocks)
{
    float *offsets = qmm_block_sums(out, blocks);
    const __m128i nibble = _mm_set1_epi8(0x0F), flip = _mm_set1_epi8((char)0x80);
    for (size_t b = 0; b < blocks; b++) {
        size_t at = first + b;
        switch (type) {
        case QMM_Q4_0:
        case QMM_Q4_1: {
            const uint8_t *block = row + at * (type == QMM_Q4_0 ? 18 : 20);
            __m128i qs = _mm_loadu_si128((const __m128i *)(block + (type == QMM_Q4_0 ? 2 : 4)));
            float d = half_at(block);
            put(out, blocks, b, _mm_and_si128(qs, nibble), _mm_and_si128(_mm_srli_epi16(qs, 4), nibble), d);
            offsets[b] = type == QMM_Q4_0 ? -8.0f * d : half_at(block + 2);
            break;
        }
        case QMM_Q5_0:
        case QMM_Q5_1: {
            const uint8_t *block = row + at * (type == QMM_Q5_0 ? 22 : 24);
            const uint8_t *qh = block + (type == QMM_Q5_0 ? 2 : 4);
            uint32_t high;
            memcpy(&high, qh, 4);
            __m128i qs = _mm_loadu_si128((const __m128i *)(qh + 4));
            __m128i lo = _mm_or_si128(_mm_and_si128(qs, nibble), fifth_bits((uint16_t)high));
            __m128i hi = _mm_or_si128(_mm_and_si128(_mm_srli_epi16(qs, 4), nibble), fifth_bits((uint16_t)(high >> 16)));
            float d = half_at(block);
            put(out, blocks, b, lo, hi, d);
            offsets[b] = type == QMM_Q5_0 ? -16.0f * d : half_at(block + 2);
            break;
        }
        case QMM_Q8_0: {
            const uint8_t *block = row + at * 34;
            put(out, blocks, b, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(block + 2)), flip),
                _mm_xor_si128(_mm_loadu_si128((const __m128i *)(block + 18)), flip), half_at(block));
            offsets[b] = -128.0f * half_at(block);
            break;
        }
        case QMM_Q4_K:
        case QMM_Q5_K: {
            const size_t sub = at % 8;
            const uint8_t *super = row + (at / 8) * (type == QMM_Q4_K ? 144 : 176);
            const uint8_t *qs = super + (type == QMM_Q4_K ? 16 : 48) + 32 * (sub / 2);
            __m128i q0 = _mm_loadu_si128((const __m128i *)qs), q1 = _mm_loadu_si128((const __m128i *)(qs + 16));
            if (sub % 2) {
                q0 = _mm_srli_epi16(q0, 4);
                q1 = _mm_srli_epi16(q1, 4);
            }
            __m128i lo = _mm_and_si128(q0, nibble), hi = _mm_and_si128(q1, nibble);
            if (type == QMM_Q5_K) {
                const __m128i bit = _mm_set1_epi8((char)(1 << sub));
                lo = _mm_or_si128(lo, fifth_bits(_mm_test_epi8_mask(_mm_loadu_si128((const __m128i *)(super + 16)), bit)));
                hi = _mm_or_si128(hi, fifth_bits(_mm_test_epi8_mask(_mm_loadu_si128((const __m128i *)(super + 32)), bit)));
            }
            uint8_t sc, m;
            scale_min(super + 4, sub, &sc, &m);
            put(out, blocks, b, lo, hi, half_at(super) * sc);
            offsets[b] = -half_at(super + 2) * m;
            break;
        }
        }
    }
    qmm_clear_tail(out, blocks);
}
