/* 8-bit quantization of activation rows into the lane layout (lanes.h), and the kernels'
   properties. */
#include "include/quant_matmul.h"
#include "lanes.h"

int qmm_supports(int type)
{
    switch (type) {
    case QMM_Q4_0: case QMM_Q4_1: case QMM_Q5_0: case QMM_Q5_1: case QMM_Q8_0:
    case QMM_Q2_K: case QMM_Q3_K: case QMM_Q4_K: case QMM_Q5_K: case QMM_Q6_K:
        return 1;
    default:
        return 0;
    }
}

int qmm_reads_rows_directly(int type)
{
    return type == QMM_Q4_0 || type == QMM_Q4_1 || type == QMM_Q8_0;
}

size_t qmm_activation_row_bytes(size_t k)
{
    return qmm_activation_bytes(k / QMM_BLOCK);
}

#ifdef QMM_X86
/* d = max|x| / 127 and q = round(x / d) as ggml's quantize_row_q8_1 (rounding to nearest even
   in both, as its AVX2 path does). */
QMM_TARGET static void quantize_row(uint8_t *out, const float *x, size_t blocks)
{
    float *sums = qmm_sums(out, blocks), *halves = qmm_half_sums(out, blocks);
    for (size_t b = 0; b < blocks; b++) {
        __m512 lo = _mm512_loadu_ps(x + b * QMM_BLOCK), hi = _mm512_loadu_ps(x + b * QMM_BLOCK + 16);
        float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(lo), _mm512_abs_ps(hi)));
        float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        __m512 scale = _mm512_set1_ps(id);
        __m512i qlo = _mm512_cvtps_epi32(_mm512_mul_ps(lo, scale));
        __m512i qhi = _mm512_cvtps_epi32(_mm512_mul_ps(hi, scale));
        _mm_storeu_si128((__m128i *)qmm_values(out, b), _mm512_cvtsepi32_epi8(qlo));
        _mm_storeu_si128((__m128i *)(qmm_values(out, b) + 64), _mm512_cvtsepi32_epi8(qhi));
        _mm_storeu_ps(qmm_scales(out, blocks, b), _mm_set1_ps(d));
        int low = _mm512_reduce_add_epi32(qlo), high = _mm512_reduce_add_epi32(qhi);
        halves[2 * b] = d * (float)low;
        halves[2 * b + 1] = d * (float)high;
        sums[b] = d * (float)(low + high);
    }
    const size_t s = qmm_sums_count(blocks);
    qmm_clear_tail(out, blocks, 0, sums + blocks, s - blocks);
    qmm_clear_tail(out, blocks, 0, halves + 2 * blocks, 2 * s - 2 * blocks);
}

QMM_TARGET void qmm_quantize_rows(uint8_t *out, const float *x, size_t stride, size_t k, size_t first, size_t end)
{
    size_t bytes = qmm_activation_row_bytes(k);
    for (size_t i = first; i < end; i++)
        quantize_row(out + i * bytes, (const float *)((const uint8_t *)x + i * stride), k / QMM_BLOCK);
}
#endif
