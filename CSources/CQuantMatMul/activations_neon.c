/* 8-bit quantization of activation rows into the lane layout on aarch64: the NEON twin of
   activations.c, the same bytes and floats. */
#include "include/quant_matmul.h"
#include "lanes.h"

#ifdef QMM_NEON
/* Four vectors of 32-bit integers saturated to 16 bytes, as VPMOVSDB (saturating to 16 bits
   first changes nothing). */
QMM_INLINE int8x16_t narrow(const int32x4_t *q)
{
    int16x8_t lo = vcombine_s16(vqmovn_s32(q[0]), vqmovn_s32(q[1]));
    int16x8_t hi = vcombine_s16(vqmovn_s32(q[2]), vqmovn_s32(q[3]));
    return vcombine_s8(vqmovn_s16(lo), vqmovn_s16(hi));
}

/* d = max|x| / 127 and q = round(x / d) as activations.c: FCVTNS rounds to nearest even, as
   VCVTPS2DQ does under the default MXCSR. */
QMM_TARGET static void quantize_row(uint8_t *out, const float *x, size_t blocks)
{
    float *sums = qmm_sums(out, blocks), *halves = qmm_half_sums(out, blocks);
    for (size_t b = 0; b < blocks; b++) {
        float32x4_t v[8];
        for (int i = 0; i < 8; i++)
            v[i] = vld1q_f32(x + b * QMM_BLOCK + 4 * i);
        float32x4_t m = vabsq_f32(v[0]);
        for (int i = 1; i < 8; i++)
            m = vmaxq_f32(m, vabsq_f32(v[i]));
        float amax = vmaxvq_f32(m);
        float d = amax / 127.0f, id = d != 0.0f ? 1.0f / d : 0.0f;
        int32x4_t q[8];
        for (int i = 0; i < 8; i++)
            q[i] = vcvtnq_s32_f32(vmulq_n_f32(v[i], id));
        vst1q_s8((int8_t *)qmm_values(out, b), narrow(q));
        vst1q_s8((int8_t *)(qmm_values(out, b) + 64), narrow(q + 4));
        vst1q_f32(qmm_scales(out, blocks, b), vdupq_n_f32(d));
        int low = vaddvq_s32(vaddq_s32(vaddq_s32(q[0], q[1]), vaddq_s32(q[2], q[3])));
        int high = vaddvq_s32(vaddq_s32(vaddq_s32(q[4], q[5]), vaddq_s32(q[6], q[7])));
        halves[2 * b] = d * (float)low;
        halves[2 * b + 1] = d * (float)high;
        sums[b] = d * (float)(low + high);
    }
    const size_t s = qmm_sums_count(blocks);
    qmm_clear_tail(out, blocks, 0, sums + blocks, s - blocks);
    qmm_clear_tail(out, blocks, 0, halves + 2 * blocks, 2 * s - 2 * blocks);
}

void qmm_quantize_rows(uint8_t *out, const float *x, size_t stride, size_t k, size_t first, size_t end)
{
    if (!qmm_available())
        qmm_refuse("qmm_quantize_rows");
    size_t bytes = qmm_activation_row_bytes(k);
    for (size_t i = first; i < end; i++)
        quantize_row(out + i * bytes, (const float *)((const uint8_t *)x + i * stride), k / QMM_BLOCK);
}
#endif
