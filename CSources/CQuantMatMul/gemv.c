/*
 * The product with a single activation row (generation) for Q4_0, Q4_1 and Q8_0, reading the
 * weights straight from their GGUF blocks (the other types go through the tiles of matmul.c): decoding a row into the lane layout first, as the tiles do, would cost more
 * than the product itself when nothing shares the decoded row.
 *
 * A group of four blocks is loaded as two 64-byte windows; one VPERMT2B picks each lane's 16
 * value bytes out of the 128 (values 0..15 of Q8_0 from one pair of windows, 16..31 from another),
 * and VPERMW the four half-precision scales and offsets, repeated over their four lanes. The last
 * group of a row that does not fill it is loaded with masks, so no byte past the row is read.
 */
#include "include/quant_matmul.h"
#include "lanes.h"

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

/* One row's product; `type` a constant after inlining. Q4_0 and Q8_0 have offset c d with
   c = -8, -128, summed as d (s_a / 4) and scaled once at the end. */
QMM_INLINE float row_product(const uint8_t *row, const uint8_t *a, size_t blocks, const group_shape *s,
                             const __m512i *values, __m512i scale_index, __m512i offset_index, const int type)
{
    const size_t groups = qmm_groups(blocks), span = 4 * s->block_bytes;
    const uint8_t *a_values = a, *a_scales = a + groups * QMM_GROUP_BYTES;
    const uint8_t *a_quarters = (const uint8_t *)qmm_second_scales((uint8_t *)a, blocks, 0);
    const __m512i nibble = _mm512_set1_epi8(0x0F), flip = _mm512_set1_epi8((char)0x80);
    __m512 acc = _mm512_setzero_ps(), acc_offset = _mm512_setzero_ps();
    for (size_t g = 0; g < groups; g++) {
        const uint8_t *p = row + g * span;
        size_t valid = (blocks - 4 * g < 4 ? blocks - 4 * g : 4) * s->block_bytes;
        __m512i w0 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[0]), p + s->window[0]);
        __m512i w1 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[1]), p + s->window[1]);
        __m512i lo, hi;
        if (type == QMM_Q8_0) {
            __m512i w2 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[2]), p + s->window[2]);
            __m512i w3 = _mm512_maskz_loadu_epi8(window_mask(valid, s->window[3]), p + s->window[3]);
            lo = _mm512_xor_si512(_mm512_permutex2var_epi8(w0, values[0], w1), flip);
            hi = _mm512_xor_si512(_mm512_permutex2var_epi8(w2, values[1], w3), flip);
        } else {
            __m512i bytes = _mm512_permutex2var_epi8(w0, values[0], w1);
            lo = _mm512_and_si512(bytes, nibble);
            hi = _mm512_and_si512(_mm512_srli_epi16(bytes, 4), nibble);
        }
        __m512 d = _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutex2var_epi16(w0, scale_index, w1)));
        __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), lo, _mm512_loadu_si512(a_values + g * QMM_GROUP_BYTES));
        dot = _mm512_dpbusd_epi32(dot, hi, _mm512_loadu_si512(a_values + g * QMM_GROUP_BYTES + 64));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), _mm512_mul_ps(d, _mm512_loadu_ps(a_scales + g * QMM_SCALE_BYTES)), acc);
        __m512 quarter = _mm512_loadu_ps(a_quarters + g * QMM_SCALE_BYTES);
        if (type == QMM_Q4_1) {
            __m512 m = _mm512_cvtph_ps(_mm512_castsi512_si256(_mm512_permutex2var_epi16(w0, offset_index, w1)));
            acc_offset = _mm512_fmadd_ps(m, quarter, acc_offset);
        } else {
            acc_offset = _mm512_fmadd_ps(d, quarter, acc_offset);
        }
    }
    const float c = type == QMM_Q4_0 ? -8.0f : type == QMM_Q8_0 ? -128.0f : 1.0f;
    return _mm512_reduce_add_ps(_mm512_fmadd_ps(acc_offset, _mm512_set1_ps(c), acc));
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
