/*
 * Tiles of four weight rows by up to four activation rows (lanes.h for the layout).
 *
 * The weight rows are decoded once per tile row into a buffer on the stack, in slices of at
 * most 128 blocks (36 KiB for four rows) so that any k fits, and every slice is then multiplied
 * with all activation rows, four at a time: 16 accumulators, each lane summing one block's
 * d_w d_a sum(u q) over the groups, then o_w s_a over the blocks (or half blocks), reduced at
 * the end.
 */
#include <string.h>
#include "include/quant_matmul.h"
#include "lanes.h"

#ifdef QMM_X86

enum {
    TILE_ROWS = 4,
    SLICE_ROW_BYTES = (QMM_SLICE_BLOCKS / 4) * (QMM_GROUP_BYTES + 2 * QMM_SCALE_BYTES) + 2 * QMM_SLICE_BLOCKS * 4, /* qmm_weight_bytes */
};

/* One slice of `blocks` blocks (starting at block `first` of the activation rows): adds (or,
   when `add` is 0, stores) the products of the four decoded rows at `tile` with C activation
   rows to out[c * out_stride + r] for r < rows. With `split` the two halves of a weight block
   have their own scales, and are summed apart: two more float operations per 128 products. */
QMM_INLINE void product(float *out, size_t out_stride, size_t rows, int add, const uint8_t *tile,
                        const uint8_t *a, size_t a_bytes, size_t a_blocks, size_t first, size_t blocks,
                        const int C, const int split)
{
    const size_t groups = qmm_groups(blocks), t_bytes = qmm_weight_bytes(blocks);
    const uint8_t *w[TILE_ROWS], *x[4];
    for (int r = 0; r < TILE_ROWS; r++)
        w[r] = tile + r * t_bytes;
    for (int c = 0; c < C; c++)
        x[c] = a + c * a_bytes;
    const size_t x_values = (first / 4) * QMM_GROUP_BYTES;
    const size_t x_scales = qmm_groups(a_blocks) * QMM_GROUP_BYTES + (first / 4) * QMM_SCALE_BYTES;
    const size_t w_scales = groups * QMM_GROUP_BYTES, w_second = w_scales + groups * QMM_SCALE_BYTES;

    __m512 acc[TILE_ROWS][4];
    for (int r = 0; r < TILE_ROWS; r++)
        for (int c = 0; c < C; c++)
            acc[r][c] = _mm512_setzero_ps();

    for (size_t g = 0; g < groups; g++) {
        __m512i lo[TILE_ROWS], hi[TILE_ROWS];
        __m512 ws[TILE_ROWS], ws_high[TILE_ROWS];
        for (int r = 0; r < TILE_ROWS; r++) {
            lo[r] = _mm512_loadu_si512(w[r] + g * QMM_GROUP_BYTES);
            hi[r] = _mm512_loadu_si512(w[r] + g * QMM_GROUP_BYTES + 64);
            ws[r] = _mm512_loadu_ps(w[r] + w_scales + g * QMM_SCALE_BYTES);
            if (split)
                ws_high[r] = _mm512_loadu_ps(w[r] + w_second + g * QMM_SCALE_BYTES);
        }
        for (int c = 0; c < C; c++) {
            __m512i alo = _mm512_loadu_si512(x[c] + x_values + g * QMM_GROUP_BYTES);
            __m512i ahi = _mm512_loadu_si512(x[c] + x_values + g * QMM_GROUP_BYTES + 64);
            __m512 as = _mm512_loadu_ps(x[c] + x_scales + g * QMM_SCALE_BYTES);
            for (int r = 0; r < TILE_ROWS; r++) {
                if (split) {
                    __m512 low = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_dpbusd_epi32(_mm512_setzero_si512(), lo[r], alo)), ws[r]);
                    __m512 both = _mm512_fmadd_ps(
                        _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(_mm512_setzero_si512(), hi[r], ahi)), ws_high[r], low);
                    acc[r][c] = _mm512_fmadd_ps(both, as, acc[r][c]);
                } else {
                    __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), lo[r], alo);
                    dot = _mm512_dpbusd_epi32(dot, hi[r], ahi);
                    acc[r][c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(ws[r], as), acc[r][c]);
                }
            }
        }
    }

    /* The offsets: o_w s_a per block, or per half block, summed apart and added last (as the
       single-row product does, which gathers them as it goes). */
    const size_t count = (split ? 2 : 1) * qmm_sums_count(blocks);
    for (int c = 0; c < C; c++) {
        const float *s = split ? qmm_half_sums((uint8_t *)x[c], a_blocks) + 2 * first : qmm_sums((uint8_t *)x[c], a_blocks) + first;
        for (int r = 0; r < TILE_ROWS; r++) {
            const float *o = qmm_offsets((uint8_t *)w[r], blocks);
            __m512 offsets = _mm512_setzero_ps();
            for (size_t i = 0; i < count; i += 16)
                offsets = _mm512_fmadd_ps(_mm512_loadu_ps(o + i), _mm512_loadu_ps(s + i), offsets);
            acc[r][c] = _mm512_add_ps(acc[r][c], offsets);
        }
    }
    const __mmask8 valid = (__mmask8)((1u << rows) - 1);
    for (int c = 0; c < C; c++) {
        __m128 sums = qmm_row_sums(acc[0][c], acc[1][c], acc[2][c], acc[3][c]);
        float *o = out + c * out_stride;
        if (add)
            sums = _mm_add_ps(sums, _mm_maskz_loadu_ps(valid, o));
        _mm_mask_storeu_ps(o, valid, sums);
    }
}

/* The products of one decoded slice with every activation row, four at a time. */
QMM_INLINE void products(float *out, size_t out_stride, size_t rows, int add, const uint8_t *tile,
                         const uint8_t *a, size_t a_bytes, size_t a_blocks, size_t columns, size_t first,
                         size_t blocks, const int split)
{
    size_t c = 0;
    for (; c + 4 <= columns; c += 4)
        product(out + c * out_stride, out_stride, rows, add, tile, a + c * a_bytes, a_bytes, a_blocks, first, blocks, 4, split);
    const uint8_t *rest = a + c * a_bytes;
    switch (columns - c) {
    case 3: product(out + c * out_stride, out_stride, rows, add, tile, rest, a_bytes, a_blocks, first, blocks, 3, split); break;
    case 2: product(out + c * out_stride, out_stride, rows, add, tile, rest, a_bytes, a_blocks, first, blocks, 2, split); break;
    case 1: product(out + c * out_stride, out_stride, rows, add, tile, rest, a_bytes, a_blocks, first, blocks, 1, split); break;
    }
}

QMM_TARGET void qmm_matmul(float *out, size_t out_stride, const uint8_t *w, size_t w_stride, qmm_type type,
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
            if (qmm_split(type))
                products(out + r0, out_stride, rows, b0 > 0, tile, a, a_bytes, a_blocks, columns, b0, blocks, 1);
            else
                products(out + r0, out_stride, rows, b0 > 0, tile, a, a_bytes, a_blocks, columns, b0, blocks, 0);
        }
    }
}
#endif
