/*
 * The lane layout shared by quantized activation rows and decoded weight rows.
 *
 * Blocks of 32 values go four to a group, a group filling two 512-bit registers: in the first,
 * 128-bit lane l holds values 0..15 of the group's block l, in the second values 16..31. This is
 * the order in which a Q4 block's 16 bytes unpack (low nibbles 0..15, high nibbles 16..31), so a
 * weight row decodes without shuffles, and VPDPBUSD's 32-bit lanes 4l..4l+3 then sum block l.
 *
 * A row of nb blocks (G = ceil(nb / 4) groups, S = nb rounded up to 16) is
 *     G x 128 bytes   values, by group
 *     G x 16 floats   scales, by group: lane 4l..4l+3 the scale of block l
 *     S floats        per block: s_a for activations, o_w for weights
 * with zeros in the lanes and entries past the last block. An activation row adds
 *     G x 16 floats   s_a / 4, by group, laid out as the scales
 * for the single-row product (gemv.c), where four lanes of o_w s_a / 4 add up to a block's o_w s_a.
 */
#ifndef QMM_LANES_H
#define QMM_LANES_H

#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#define QMM_FEATURES "avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi,bmi2,f16c"
#define QMM_TARGET __attribute__((target(QMM_FEATURES)))
#define QMM_INLINE static inline __attribute__((always_inline, target(QMM_FEATURES)))

enum { QMM_BLOCK = 32, QMM_GROUP_BLOCKS = 4, QMM_GROUP_BYTES = 128, QMM_SCALE_BYTES = 64 };

static inline size_t qmm_groups(size_t blocks) { return (blocks + 3) / 4; }
static inline size_t qmm_sums(size_t blocks) { return (blocks + 15) & ~(size_t)15; }

static inline size_t qmm_row_bytes(size_t blocks)
{
    return qmm_groups(blocks) * (QMM_GROUP_BYTES + QMM_SCALE_BYTES) + qmm_sums(blocks) * sizeof(float);
}

static inline size_t qmm_activation_bytes(size_t blocks)
{
    return qmm_row_bytes(blocks) + qmm_groups(blocks) * QMM_SCALE_BYTES;
}

/* Where block b's values (the first 16; the other 16 are 64 bytes further), its four scale
   copies and its per-block float go in a row of `blocks` blocks starting at `row`. */
static inline uint8_t *qmm_values(uint8_t *row, size_t b)
{
    return row + (b / 4) * QMM_GROUP_BYTES + (b % 4) * 16;
}
static inline float *qmm_scales(uint8_t *row, size_t blocks, size_t b)
{
    return (float *)(row + qmm_groups(blocks) * QMM_GROUP_BYTES + (b / 4) * QMM_SCALE_BYTES) + (b % 4) * 4;
}
static inline float *qmm_block_sums(uint8_t *row, size_t blocks)
{
    return (float *)(row + qmm_groups(blocks) * (QMM_GROUP_BYTES + QMM_SCALE_BYTES));
}

static inline float *qmm_quarter_sums(uint8_t *row, size_t blocks, size_t b)
{
    return (float *)(row + qmm_row_bytes(blocks) + (b / 4) * QMM_SCALE_BYTES) + (b % 4) * 4;
}

/* Zeroes the lanes of the last group past block `blocks` and the per-block floats after it. */
QMM_INLINE void qmm_clear_tail(uint8_t *row, size_t blocks)
{
    for (size_t b = blocks; b % 4 != 0; b++) {
        _mm_storeu_si128((__m128i *)qmm_values(row, b), _mm_setzero_si128());
        _mm_storeu_si128((__m128i *)(qmm_values(row, b) + 64), _mm_setzero_si128());
        _mm_storeu_ps(qmm_scales(row, blocks, b), _mm_setzero_ps());
    }
    float *sums = qmm_block_sums(row, blocks);
    for (size_t b = blocks; b < qmm_sums(blocks); b++)
        sums[b] = 0;
}

/* Decodes blocks [first, first + blocks) of a GGUF weight row of `type` into a lane-layout
   row of `blocks` blocks at `out` (weights.c). */
void qmm_decode(uint8_t *out, const uint8_t *row, int type, size_t first, size_t blocks);

/* out[r] = W[r] . A for r in [first, end): one activation row, the weights read straight from
   their GGUF blocks (gemv.c). */
void qmm_gemv(float *out, const uint8_t *w, size_t w_stride, int type, const uint8_t *a, size_t k,
              size_t first, size_t end);

#endif
