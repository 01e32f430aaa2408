/*
 * GGUF weight blocks decoded into the lane layout (lanes.h): unsigned value bytes u, the block
 * scale d and the offset o with w = d u + o. Block formats from ggml's ggml-common.h:
 *     Q4_0  half d; uint8 qs[16]            w_j = d (nibble_j - 8)
 *     Q4_1  half d, m; uint8 qs[16]         w_j = d nibble_j + m
 *     Q8_0  half d; int8 qs[32]             w_j = d qs_j
 * where nibble_j for j < 16 is the low nibble of qs[j], for j >= 16 the high nibble of qs[j - 16].
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

QMM_TARGET void qmm_decode(uint8_t *out, const uint8_t *row, int type, size_t first, size_t blocks)
{
    float *offsets = qmm_block_sums(out, blocks);
    const __m128i nibble = _mm_set1_epi8(0x0F), flip = _mm_set1_epi8((char)0x80);
    switch (type) {
    case QMM_Q4_0:
        for (size_t b = 0; b < blocks; b++) {
            const uint8_t *block = row + (first + b) * 18;
            __m128i qs = _mm_loadu_si128((const __m128i *)(block + 2));
            float d = half_at(block);
            put(out, blocks, b, _mm_and_si128(qs, nibble), _mm_and_si128(_mm_srli_epi16(qs, 4), nibble), d);
            offsets[b] = -8.0f * d;
        }
        break;
    case QMM_Q4_1:
        for (size_t b = 0; b < blocks; b++) {
            const uint8_t *block = row + (first + b) * 20;
            __m128i qs = _mm_loadu_si128((const __m128i *)(block + 4));
            put(out, blocks, b, _mm_and_si128(qs, nibble), _mm_and_si128(_mm_srli_epi16(qs, 4), nibble), half_at(block));
            offsets[b] = half_at(block + 2);
        }
        break;
    case QMM_Q8_0:
        for (size_t b = 0; b < blocks; b++) {
            const uint8_t *block = row + (first + b) * 34;
            float d = half_at(block);
            put(out, blocks, b, _mm_xor_si128(_mm_loadu_si128((const __m128i *)(block + 2)), flip),
                _mm_xor_si128(_mm_loadu_si128((const __m128i *)(block + 18)), flip), d);
            offsets[b] = -128.0f * d;
        }
        break;
    }
    qmm_clear_tail(out, blocks);
}
