/*
 * Tiles of four weight rows by up to four activation rows (lanes.h for the layout).
 *
 * The weight rows are decoded once per tile row into a buffer on the stack, in slices of at
 * most 128 blocks (27 KiB for four rows) so that any k fits, and every slice is then multiplied
 * with all activation rows, four at a time: 16 accumulators, each lane summing one block's
 * d_w d_a sum(u q) over the groups, then o_w s_a over the blocks, reduced at the end.
 */
#include <string.h>
#include "include/quant_matmul.h"
#include "lanes.h"

enum { TILE_ROWS = 4, SLICE_BLOCKS = 128 };

/* One slice of `blocks` blocks (starting at block `first` of the activation rows): adds (or,
   when `add` is 0, stores) the products of the four decoded rows at `tile` with C activation
   rows to out[c * out_stride + r] for r < rows. */
QMM_INLINE void product(float *out, size_t out_stride, size_t rows, int add, const uint8_t *tile,
                        const uint8_t *a, size_t a_bytes, size_t a_blocks, size_t first, size_t blocks,
                        const int C)
{
    const size_t groups = qmm_groups(blocks), t_bytes = qmm_row_bytes(blocks);
    const uint8_t *w[TILE_ROWS], *x[4];
    for (int r = 0; r < TILE_ROWS; r++)
        w[r] = tile + r * t_bytes;
    for (int c = 0; c < C; c++)
        x[c] = a + c * a_bytes;
    const size_t x_values = (first / 4) * QMM_GROUP_BYTES;
    const size_t x_scales = qmm_groups(a_blocks) * QMM_GROUP_BYTES + (first / 4) * QMM_SCALE_BYTES;
    const size_t w_scales = groups * QMM_GROUP_BYTES;

    __m512 acc[TILE_ROWS][4];
    for (int r = 0; r < TILE_ROWS; r++)
        for (int c = 0; c < C; c++)
            acc[r][c] = _mm512_setzero_ps();

    for (size_t g = 0; g < groups; g++) {
        __m512i lo[TILE_ROWS], hi[TILE_ROWS];
        __m512 ws[TILE_ROWS];
        for (int r = 0; r < TILE_ROWS; r++) {
            lo[r] = _mm512_loadu_si512(w[r] + g * QMM_GROUP_BYTES);
            hi[r] = _mm512_loadu_si512(w[r] + g * QMM_GROUP_BYTES + 64);
            ws[r] = _mm512_loadu_ps(w[r] + w_scales + g * QMM_SCALE_BYTES);
        }
        for (int c = 0; c < C; c++) {
            __m512i alo = _mm512_loadu_si512(x[c] + x_values + g * QMM_GROUP_BYTES);
            __m512i ahi = _mm512_loadu_si512(x[c] + x_values + g * QMM_GROUP_BYTES + 64);
            __m512 as = _mm512_loadu_ps(x[c] + x_scales + g * QMM_SCALE_BYTES);
            for (int r = 0; r < TILE_ROWS; r++) {
                __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), lo[r], alo);
                dot = _mm512_dpbusd_epi32(dot, hi[r], ahi);
                acc[r][c] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(ws[r], as), acc[r][c]);
            }
        }
    }

    const size_t sums = qmm_sums(blocks);
    for (int c = 0; c < C; c++) {
        const float *s = qmm_block_sums((uint8_t *)x[c], a_blocks) + first;
        for (int r = 0; r < TILE_ROWS; r++) {
            const float *o = qmm_block_sums((uint8_t *)w[r], blocks);
            for (size_t b = 0; b < sums; b += 16)
                acc[r][c] = _mm512_fmadd_ps(_mm512_loadu_ps(o + b), _mm512_loadu_ps(s + b), acc[r][c]);
        }
    }
    for (int c = 0; c < C; c++)
        for (size_t r = 0; r < rows; r++) {
            float v = _mm512_reduce_add_ps(acc[r][c]);
            out[c * out_stride + r] = add ? out[c * out_stride + r] + v : v;
        }
}

QMM_TARGET void qmm_matmul(float *out, size_t out_stride, const uint8_t *w, size_t w_stride, qmm_type type,
                           const uint8_t *a, size_t columns, size_t k, size_t first, size_t end)
{
    _Alignas(64) uint8_t tile[TILE_ROWS * ((SLICE_BLOCKS / 4) * (QMM_GROUP_BYTES + QMM_SCALE_BYTES) + SLICE_BLOCKS * 4)];
    const size_t a_blocks = k / QMM_BLOCK, a_bytes = qmm_activation_bytes(a_blocks);
    if (columns < 4 && qmm_reads_rows_directly(type)) {
        for (size_t c = 0; c < columns; c++)
            qmm_gemv(out + c * out_stride, w, w_stride, type, a + c * a_bytes, k, first, end);
        return;
    }
    for (size_t r0 = first; r0 < end; r0 += TILE_ROWS) {
        size_t rows = end - r0 < TILE_ROWS ? end - r0 : TILE_ROWS;
        for (size_t b0 = 0; b0 < a_blocks; b0 += SLICE_BLOCKS) {
            size_t blocks = a_blocks - b0 < SLICE_BLOCKS ? a_blocks - b0 : SLICE_BLOCKS;
            size_t t_bytes = qmm_row_bytes(blocks);
            for (size_t r = 0; r < TILE_ROWS; r++) {
                if (r < rows)
                    qmm_decode(tile + r * t_bytes, w + (r0 + r) * w_stride, type, b0, blocks);
                else
                    memset(tile + r * t_bytes, 0, t_bytes);
            }
            size_t c0 = 0;
            for (; c0 + 4 <= columns; c0 += 4)
                product(out + c0 * out_stride + r0, out_stride, rows, b0 > 0, tile, a + c0 * a_bytes, a_bytes,
                        a_blocks, b0, blocks, 4);
            switch (columns - c0) {
            case 3: product(out + c0 * out_stride + r0, out_stride, rows, b0 > 0, tile, a + c0 * a_bytes, a_bytes,
                            a_blocks, b0, blocks, 3); break;
            case 2: product(out + c0 * out_stride + r0, out_stride, rows, b0 > 0, tile, a + c0 * a_bytes, a_bytes,
                            a_blocks, b0, blocks, 2); break;
            case 1: product(out + c0 * out_stride + r0, out_stride, rows, b0 > 0, tile, a + c0 * a_bytes, a_bytes,
                            a_blocks, b0, blocks, 1); break;
            }
        }
    }
}
