/*
 * Tiles of four weight rows by the activation rows on aarch64: the NEON twin of matmul.c, with
 * the same decoded slices and, per lane, the same float operations in the same order (lanes.h),
 * so it gives matmul.c's bits. An AVX-512 accumulator is four NEON registers here, so a tile
 * takes one activation row at a time (16 accumulators: four weight rows by four lanes).
 */
#include <string.h>
#include "include/quant_matmul.h"
#include "lanes.h"

#ifdef QMM_NEON

enum {
    TILE_ROWS = 4,
    SLICE_ROW_BYTES = (QMM_SLICE_BLOCKS / 4) * (QMM_GROUP_BYTES + 2 * QMM_SCALE_BYTES) + 2 * QMM_SLICE_BLOCKS * 4, /* qmm_weight_bytes */
};

/* The products of the four decoded rows at `tile` (one slice of `blocks` blocks starting at
   block `first` of the activation rows) with activation row `x`, added to (or, when `add` is
   0, stored in) out[r] for r < rows. `split`: a scale per half block; `q8`: values stored as
   signed q (Q8_0). */
QMM_INLINE void product(float *out, size_t rows, int add, const uint8_t *tile, const uint8_t *x, size_t a_blocks,
                        size_t first, size_t blocks, const int split, const int q8)
{
    const size_t groups = qmm_groups(blocks), t_bytes = qmm_weight_bytes(blocks);
    const uint8_t *x_values = x + (first / 4) * QMM_GROUP_BYTES;
    const float *x_scales = (const float *)(x + qmm_groups(a_blocks) * QMM_GROUP_BYTES + (first / 4) * QMM_SCALE_BYTES);
    const size_t w_scales = groups * QMM_GROUP_BYTES, w_second = w_scales + groups * QMM_SCALE_BYTES;
    const int32x4_t zero = vdupq_n_s32(0);

    float32x4_t acc[TILE_ROWS][4];
    for (int r = 0; r < TILE_ROWS; r++)
        for (int l = 0; l < 4; l++)
            acc[r][l] = vdupq_n_f32(0);

    for (size_t g = 0; g < groups; g++) {
        for (int l = 0; l < 4; l++) {
            const int8x16_t alo = vld1q_s8((const int8_t *)x_values + g * QMM_GROUP_BYTES + 16 * l);
            const int8x16_t ahi = vld1q_s8((const int8_t *)x_values + g * QMM_GROUP_BYTES + 64 + 16 * l);
            const float32x4_t as = vld1q_f32(x_scales + g * 16 + 4 * l);
            const int32x4_t bias = q8 ? qmm_q8_bias(alo, ahi) : zero;
            for (int r = 0; r < TILE_ROWS; r++) {
                const uint8_t *w = tile + r * t_bytes;
                const int8x16_t lo = vld1q_s8((const int8_t *)w + g * QMM_GROUP_BYTES + 16 * l);
                const int8x16_t hi = vld1q_s8((const int8_t *)w + g * QMM_GROUP_BYTES + 64 + 16 * l);
                const float32x4_t ws = vld1q_f32((const float *)(w + w_scales) + g * 16 + 4 * l);
                if (split) {
                    const float32x4_t ws_high = vld1q_f32((const float *)(w + w_second) + g * 16 + 4 * l);
                    float32x4_t low = vmulq_f32(vcvtq_f32_s32(vdotq_s32(zero, lo, alo)), ws);
                    float32x4_t both = vfmaq_f32(low, vcvtq_f32_s32(vdotq_s32(zero, hi, ahi)), ws_high);
                    acc[r][l] = vfmaq_f32(acc[r][l], both, as);
                } else {
                    int32x4_t dot = vdotq_s32(vdotq_s32(bias, lo, alo), hi, ahi);
                    acc[r][l] = vfmaq_f32(acc[r][l], vcvtq_f32_s32(dot), vmulq_f32(ws, as));
                }
            }
        }
    }

    /* The offsets o_w s_a, summed apart in 16 lanes and added last, as matmul.c. */
    const size_t count = (split ? 2 : 1) * qmm_sums_count(blocks);
    const float *s = split ? qmm_half_sums((uint8_t *)x, a_blocks) + 2 * first : qmm_sums((uint8_t *)x, a_blocks) + first;
    for (size_t r = 0; r < rows; r++) {
        const float *o = qmm_offsets((uint8_t *)tile + r * t_bytes, blocks);
        float32x4_t offsets[4] = { vdupq_n_f32(0), vdupq_n_f32(0), vdupq_n_f32(0), vdupq_n_f32(0) };
        for (size_t i = 0; i < count; i += 16)
            for (int l = 0; l < 4; l++)
                offsets[l] = vfmaq_f32(offsets[l], vld1q_f32(o + i + 4 * l), vld1q_f32(s + i + 4 * l));
        for (int l = 0; l < 4; l++)
            acc[r][l] = vaddq_f32(acc[r][l], offsets[l]);
        float v = qmm_lane_sum(acc[r]);
        out[r] = add ? v + out[r] : v;
    }
}

QMM_TARGET static void products(float *out, size_t out_stride, const uint8_t *w, size_t w_stride, qmm_type type,
                                const uint8_t *a, size_t columns, size_t k, size_t first, size_t end)
{
    _Alignas(64) uint8_t tile[TILE_ROWS * SLICE_ROW_BYTES];
    const size_t a_blocks = k / QMM_BLOCK, a_bytes = qmm_activation_bytes(a_blocks);
    if (columns < 4 && qmm_reads_rows_directly(type)) {
        for (size_t c = 0; c < columns; c++)
            qmm_gemv(out + c * out_stride, w, w_stride, type, a + c * a_bytes, k, first, end);
        return;
    }
    for (size_t r0 = first; r0 < end; r0 += TILE_ROWS) {
        size_t rows = end - r0 < TILE_ROWS ? end - r0 : TILE_ROWS;
        for (size_t b0 = 0; b0 < a_blocks; b0 += QMM_SLICE_BLOCKS) {
            size_t blocks = a_blocks - b0 < QMM_SLICE_BLOCKS ? a_blocks - b0 : QMM_SLICE_BLOCKS;
            size_t t_bytes = qmm_weight_bytes(blocks);
            for (size_t r = 0; r < TILE_ROWS; r++) {
                if (r < rows)
                    qmm_decode(tile + r * t_bytes, w + (r0 + r) * w_stride, type, b0, blocks);
                else
                    memset(tile + r * t_bytes, 0, t_bytes);
            }
            for (size_t c = 0; c < columns; c++) {
                float *o = out + c * out_stride + r0;
                const uint8_t *x = a + c * a_bytes;
                if (qmm_split(type))
                    product(o, rows, b0 > 0, tile, x, a_blocks, b0, blocks, 1, 0);
                else if (type == QMM_Q8_0)
                    product(o, rows, b0 > 0, tile, x, a_blocks, b0, blocks, 0, 1);
                else
                    product(o, rows, b0 > 0, tile, x, a_blocks, b0, blocks, 0, 0);
            }
        }
    }
}

/* Asks before any instruction of armv8.2-a runs, so that CPUs without them get the message. */
void qmm_matmul(float *out, size_t out_stride, const uint8_t *w, size_t w_stride, qmm_type type,
                const uint8_t *a, size_t columns, size_t k, size_t first, size_t end)
{
    if (!qmm_available())
        qmm_refuse("qmm_matmul");
    products(out, out_stride, w, w_stride, type, a, columns, k, first, end);
}
#endif
