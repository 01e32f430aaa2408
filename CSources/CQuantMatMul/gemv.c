/*
 * The product with a single activation row (generation) for Q4_0, Q4_1 and Q8_0, reading the
 * weights straight from their GGUF blocks (the other types go through the tiles of matmul.c):
 * decoding a row into the lane layout first, as the tiles do, would cost more than the product
 * itself when nothing shares the decoded row.
 *
 * A group of four blocks is loaded as two 64-byte windows; one VPERMT2B picks each lane's 16
 * value bytes out of the 128 (values 0..15 of Q8_0 from one pair of windows, 16..31 from another),
 * and VPERMW the four half-precision scales and offsets, repeated over their four lanes. The last
 * group of a row that does not fill it is loaded with masks, so no byte past the row is read.
 */
#include "include/quant_matmul.h"
#include "lanes.h"

#ifdef QMM_X86

/* A group's shape: bytes per block, where its two windows start, and how each lane's bytes and
   each lane's scale are found in them. */
typedef struct {
    size_t block_bytes;
    size_t window[4];          /* offsets of the windows: values (or Q8_0's values 0..15), then 16..31 */
    uint8_t values[2][64];     /* VPERMT2B indices into the two windows, per half */
    uint16_t scale[32];        /* VPERMT2W indices of d (lanes 0..15) into the first pair */
    uint16_t offset[32];       /* of Q4_1's m */
} group_shape;

/* Byte `src` of the group as an index into windows starting at `a` and `b`. */
#define PICK(src, a, b) ((src) - (a) < 64 ? (src) - (a) : 64 + (src) - (b))
#define LANES4(f) f(0), f(1), f(2), f(3)
#define ROW16(l, base, a, b)                                                                   \
    PICK(base + 0, a, b), PICK(base + 1, a, b), PICK(base + 2, a, b), PICK(base + 3, a, b),      \
    PICK(base + 4, a, b), PICK(base + 5, a, b), PICK(base + 6, a, b), PICK(base + 7, a, b),      \
    PICK(base + 8, a, b), PICK(base + 9, a, b), PICK(base + 10, a, b), PICK(base + 11, a, b),    \
    PICK(base + 12, a, b), PICK(base + 13, a, b), PICK(base + 14, a, b), PICK(base + 15, a, b)
#define WORD4(w) (w), (w), (w), (w)

/* Q4_1: half d, half m, 16 bytes; windows at 0 and 16 cover the 80 bytes. */
#define Q41(l) ROW16(l, 20 * (l) + 4, 0, 16)
static const group_shape q4_1 = {
    20, { 0, 16, 0, 16 }, { { Q41(0), Q41(1), Q41(2), Q41(3) } },
    { WORD4(0), WORD4(10), WORD4(20), WORD4(30) }, { WORD4(1), WORD4(11), WORD4(21), WORD4(31) } };

/* Q4_0: half d, 16 bytes; windows at 0 and 8 cover the 72 bytes. */
#define Q40(l) ROW16(l, 18 * (l) + 2, 0, 8)
static const group_shape q4_0 = {
    18, { 0, 8, 0, 8 }, { { Q40(0), Q40(1), Q40(2), Q40(3) } },
    { WORD4(0), WORD4(9), WORD4(18), WORD4(27) }, { 0 } };

/* Q8_0: half d, 32 bytes; values 0..15 from windows at 0 and 56, 16..31 from 16 and 72 (the
   136 bytes end with the last window). d at bytes 0, 34, 68, 102: words 0 and 17 of the first
   window, 6 and 23 of the second (indices 32 + w). */
#define Q80LO(l) ROW16(l, 34 * (l) + 2, 0, 56)
#define Q80HI(l) ROW16(l, 34 * (l) + 18, 16, 72)
static const group_shape q8_0 = {
    34, { 0, 56, 16, 72 }, { { Q80LO(0), Q80LO(1), Q80LO(2), Q80LO(3) }, { Q80HI(0), Q80HI(1), Q80HI(2), Q80HI(3) } },
    { WORD4(0), WORD4(17), WORD4(32 + 6), WORD4(32 + 23) }, { 0 } };

/* Mask of the bytes of a window at `at` that lie within the first `valid` bytes. */
QMM_INLINE __mmask64 window_mask(size_t valid, size_t at)
{
    return valid >= at + 64 ? ~(__mmask64)0 : valid <= at ? 0 : _bzhi_u64(~0ULL, (unsigned)(valid - at));
}

/* Group g's scaled dot products, added to *acc; returns its four blocks' offsets, computed as
   weights.c computes them. `type` is a constant after inlining. */
QMM_INLINE __m128 group(const uint8_t *row, const uint8_t *a, size_t blocks, size_t g, const group_shape *s,
                        const __m512i *values, __m512i scale_index, __m512i offset_index, __m512 *acc, const int type)
{
    const uint8_t *p = row + g * 4 * s->block_bytes;
    const uint8_t *a_values = a + g * QMM_GROUP_BYTES, *a_scales = a + qmm_groups(blocks) * QMM_GROUP_BYTES + g * QMM_SCALE_BYTES;
    size_t valid = (blocks - 4 * g < 4 ? blocks - 4 * g : 4) * s->block_bytes;
    __m512i w0 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[0]), p + s->window[0]);
    __m512i w1 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[1]), p + s->window[1]);
    __m512i lo, hi;
    if (type == QMM_Q8_0) {
        const __m512i flip = _mm512_set1_epi8((char)0x80);
        __m512i w2 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[2]), p + s->window[2]);
        __m512i w3 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[3]), p + s->window[3]);
        lo = _mm512_xor_si512(_mm512_permutex2var_epi8(w0, values[0], w1), flip);
        hi = _mm512_xor_si512(_mm512_permutex2var_epi8(w2, values[1], w3), flip);
    } else {
        const __m512i nibble = _mm512_set1_epi8(0x0F);
        __m512i bytes = _mm512_permutex2var_epi8(w0, values[0], w1);
        lo = _mm512_and_si512(bytes, nibble);
        hi = _mm512_and_si512(_mm512_srli_epi16(bytes, 4), nibble);
    }
    __m512 d = _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutex2var_epi16(w0, scale_index, w1)));
    __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), lo, _mm512_loadu_si512(a_values));
    dot = _mm512_dpbusd_epi32(dot, hi, _mm512_loadu_si512(a_values + 64));
    *acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(d, _mm512_loadu_ps(a_scales)), *acc);
    __m512 o = type == QMM_Q4_1 ? _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutex2var_epi16(w0, offset_index, w1)))
                                : _mm512_mul_ps(_mm512_set1_ps(type == QMM_Q4_0 ? -8.0f : -128.0f), d);
    const __m512i first_lanes = _mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    return _mm512_castps512_ps128(_mm512_permutexvar_ps(first_lanes, o));
}

/* One row's product. The arithmetic is the tiles' (matmul.c) step for step: per slice of 128
   blocks, the groups' scaled dot products in one accumulator, the offsets o_w s_a in chunks of
   16 blocks in another, their sum's lanes added in qmm_row_sums' order, slices added in order;
   so a generation step gives bit for bit the logits of the same position in a batch. The
   offsets of a chunk are gathered in a register as its four groups go by. */
QMM_INLINE float row_product(const uint8_t *row, const uint8_t *a, size_t blocks, const group_shape *s,
                             const __m512i *values, __m512i scale_index, __m512i offset_index, const int type)
{
    const float *a_sums = qmm_sums((uint8_t *)a, blocks);
    const size_t groups = qmm_groups(blocks);
    float total = 0;
    for (size_t g0 = 0; g0 < groups; g0 += QMM_SLICE_BLOCKS / 4) {
        const size_t end = groups - g0 < QMM_SLICE_BLOCKS / 4 ? groups : g0 + QMM_SLICE_BLOCKS / 4;
        __m512 acc = _mm512_setzero_ps(), offsets = _mm512_setzero_ps();
        size_t g = g0;
        for (; g + 4 <= end; g += 4) {
            __m128 o0 = group(row, a, blocks, g, s, values, scale_index, offset_index, &acc, type);
            __m128 o1 = group(row, a, blocks, g + 1, s, values, scale_index, offset_index, &acc, type);
            __m128 o2 = group(row, a, blocks, g + 2, s, values, scale_index, offset_index, &acc, type);
            __m128 o3 = group(row, a, blocks, g + 3, s, values, scale_index, offset_index, &acc, type);
            __m512 chunk = _mm512_insertf32x4(_mm512_insertf32x4(_mm512_insertf32x4(
                _mm512_castps128_ps512(o0), o1, 1), o2, 2), o3, 3);
            offsets = _mm512_fmadd_ps(chunk, _mm512_loadu_ps(a_sums + 4 * g), offsets);
        }
        if (g < end) {
            /* The last chunk's one to three groups; its other lanes stay zero. */
            __m512 chunk = _mm512_setzero_ps();
            for (size_t j = 0; g + j < end; j++) {
                __m128 o = group(row, a, blocks, g + j, s, values, scale_index, offset_index, &acc, type);
                chunk = _mm512_mask_broadcast_f32x4(chunk, (__mmask16)(0xF << (4 * j)), o);
            }
            offsets = _mm512_fmadd_ps(chunk, _mm512_loadu_ps(a_sums + 4 * g), offsets);
        }
        float v = qmm_lane_sum(_mm512_add_ps(acc, offsets));
        total = g0 == 0 ? v : total + v;
    }
    return total;
}

QMM_INLINE void rows(float *out, const uint8_t *w, size_t w_stride, const uint8_t *a, size_t blocks,
                     size_t first, size_t end, const group_shape *s, const int type)
{
    const __m512i values[2] = { _mm512_loadu_si512(s->values[0]), _mm512_loadu_si512(s->values[1]) };
    const __m512i scale_index = _mm512_loadu_si512(s->scale), offset_index = _mm512_loadu_si512(s->offset);
    for (size_t r = first; r < end; r++)
        out[r] = row_product(w + r * w_stride, a, blocks, s, values, scale_index, offset_index, type);
}

QMM_TARGET void qmm_gemv(float *out, const uint8_t *w, size_t w_stride, int type, const uint8_t *a, size_t k,
                         size_t first, size_t end)
{
    size_t blocks = k / QMM_BLOCK;
    switch (type) {
    case QMM_Q4_0: rows(out, w, w_stride, a, blocks, first, end, &q4_0, QMM_Q4_0); break;
    case QMM_Q4_1: rows(out, w, w_stride, a, blocks, first, end, &q4_1, QMM_Q4_1); break;
    case QMM_Q8_0: rows(out, w, w_stride, a, blocks, first, end, &q8_0, QMM_Q8_0); break;
    }
}
#endif
