/*
 * The product with a single activation row for Q4_0, Q4_1 and Q8_0 on aarch64, reading the
 * weights straight from their GGUF blocks: the NEON twin of gemv.c. NEON takes a block at a
 * time (one 128-bit lane of gemv.c's registers), so no byte permutations are needed; the float
 * operations per lane and their order are gemv.c's, which are the tiles'.
 */
#include "include/quant_matmul.h"
#include "lanes.h"

#ifdef QMM_NEON

/* The integer sums of block `block` (of `type`) with activations alo, ahi; its scale and
   offset, computed as weights.c computes them. */
QMM_INLINE int32x4_t block_dot(const uint8_t *block, const int type, int8x16_t alo, int8x16_t ahi, float *d, float *o)
{
    const int32x4_t zero = vdupq_n_s32(0);
    *d = qmm_half(block);
    if (type == QMM_Q8_0) {
        *o = -128.0f * *d;
        return vdotq_s32(vdotq_s32(qmm_q8_bias(alo, ahi), vld1q_s8((const int8_t *)block + 2), alo),
                         vld1q_s8((const int8_t *)block + 18), ahi);
    }
    const uint8x16_t qs = vld1q_u8(block + (type == QMM_Q4_0 ? 2 : 4));
    *o = type == QMM_Q4_0 ? -8.0f * *d : qmm_half(block + 2);
    const int8x16_t lo = vreinterpretq_s8_u8(vandq_u8(qs, vdupq_n_u8(0x0F)));
    const int8x16_t hi = vreinterpretq_s8_u8(vshrq_n_u8(qs, 4));
    return vdotq_s32(vdotq_s32(zero, lo, alo), hi, ahi);
}

/* Group g's scaled dot products, added to acc[0..3] (block l's lanes in acc[l]); returns its
   four blocks' offsets. Blocks past the row's end count as zeros, as gemv.c's masked loads
   make them. */
QMM_INLINE float32x4_t group(const uint8_t *row, const uint8_t *a, size_t blocks, size_t g, size_t block_bytes,
                             float32x4_t *acc, const int type)
{
    const int8_t *a_values = (const int8_t *)a + g * QMM_GROUP_BYTES;
    const float *a_scales = (const float *)(a + qmm_groups(blocks) * QMM_GROUP_BYTES) + g * 16;
    float offsets[4];
    for (int l = 0; l < 4; l++) {
        const size_t b = 4 * g + l;
        float d = 0;
        offsets[l] = 0;
        int32x4_t dot = vdupq_n_s32(0);
        if (b < blocks)
            dot = block_dot(row + b * block_bytes, type, vld1q_s8(a_values + 16 * l), vld1q_s8(a_values + 64 + 16 * l),
                            &d, &offsets[l]);
        acc[l] = vfmaq_f32(acc[l], vcvtq_f32_s32(dot), vmulq_n_f32(vld1q_f32(a_scales + 4 * l), d));
    }
    return vld1q_f32(offsets);
}

/* One row's product, in gemv.c's order: per slice of 128 blocks, the groups' scaled dot products
   in one accumulator, the offsets o_w s_a in another (four groups' offsets to a chunk of 16
   lanes), their lanes added in qmm_lane_sum's order, slices added in order. */
QMM_INLINE float row_product(const uint8_t *row, const uint8_t *a, size_t blocks, size_t block_bytes, const int type)
{
    const float *a_sums = qmm_sums((uint8_t *)a, blocks);
    const size_t groups = qmm_groups(blocks);
    float total = 0;
    for (size_t g0 = 0; g0 < groups; g0 += QMM_SLICE_BLOCKS / 4) {
        const size_t end = groups - g0 < QMM_SLICE_BLOCKS / 4 ? groups : g0 + QMM_SLICE_BLOCKS / 4;
        float32x4_t acc[4], offsets[4];
        for (int l = 0; l < 4; l++)
            acc[l] = offsets[l] = vdupq_n_f32(0);
        for (size_t g = g0; g < end; g += 4)
            for (size_t j = 0; j < 4; j++) {
                /* gemv.c multiplies a whole chunk, with zeros for the groups past the end */
                float32x4_t o = g + j < end ? group(row, a, blocks, g + j, block_bytes, acc, type) : vdupq_n_f32(0);
                offsets[j] = vfmaq_f32(offsets[j], o, vld1q_f32(a_sums + 4 * (g + j)));
            }
        for (int l = 0; l < 4; l++)
            acc[l] = vaddq_f32(acc[l], offsets[l]);
        float v = qmm_lane_sum(acc);
        total = g0 == 0 ? v : total + v;
    }
    return total;
}

QMM_INLINE void rows(float *out, const uint8_t *w, size_t w_stride, const uint8_t *a, size_t blocks, size_t first,
                     size_t end, size_t block_bytes, const int type)
{
    for (size_t r = first; r < end; r++)
        out[r] = row_product(w + r * w_stride, a, blocks, block_bytes, type);
}

QMM_TARGET void qmm_gemv(float *out, const uint8_t *w, size_t w_stride, int type, const uint8_t *a, size_t k,
                         size_t first, size_t end)
{
    size_t blocks = k / QMM_BLOCK;
    switch (type) {
    case QMM_Q4_0: rows(out, w, w_stride, a, blocks, first, end, 18, QMM_Q4_0); break;
    case QMM_Q4_1: rows(out, w, w_stride, a, blocks, first, end, 20, QMM_Q4_1); break;
    case QMM_Q8_0: rows(out, w, w_stride, a, blocks, first, end, 34, QMM_Q8_0); break;
    }
}
#endif
