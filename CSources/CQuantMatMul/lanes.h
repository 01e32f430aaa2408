/*
 * The lane layout shared by quantized activation rows and decoded weight rows.
 *
 * Blocks of 32 values go four to a group, a group filling two 512-bit registers: in the first,
 * 128-bit lane l holds values 0..15 of the group's block l (its low half), in the second values
 * 16..31 (its high half). This is the order in which a Q4 block's 16 bytes unpack (low nibbles
 * 0..15, high nibbles 16..31), so a weight row decodes without shuffles, and VPDPBUSD's 32-bit
 * lanes 4l..4l+3 then sum block l (or one half of it, for weights with a scale per half).
 *
 * A row of nb blocks (G = ceil(nb / 4) groups, S = nb rounded up to 16) begins with
 *     G x 128 bytes   values, by group
 *     G x 16 floats   scales, by group: lanes 4l..4l+3 the scale of block l (for weights, of
 *                     its low half)
 * and goes on, for activations, with
 *     S floats        s_a = d_a sum(q_a) per block
 *     2S floats       the same per half block (entries 2b and 2b + 1 for block b)
 * and for decoded weights with
 *     G x 16 floats   the scales of the high halves, laid out as the scales (written only for
 *                     the types with a scale per half block)
 *     2S floats       the offset o_w per block (the first S) for types with one scale per
 *                     block, per half block (2b, 2b + 1) for the others
 * with zeros in the lanes and entries past the last block.
 *
 * On aarch64 a 512-bit register is four 128-bit NEON registers, register l holding lane l, and
 * SDOT's 32-bit lanes sum the same four bytes as VPDPBUSD's, so both architectures form the same
 * integer partial sums and apply the same float operations to them in the same order: the
 * results are the same bits. SDOT multiplies signed by signed bytes; the weight values u are at
 * most 63 except Q8_0's (q + 128), so they are stored unchanged, and a decoded Q8_0 row holds q
 * itself on aarch64, the kernels adding 128 sum(q_a) (another SDOT, with bytes of 1) to its
 * integer sums to make them sum(u q_a) again.
 */
#ifndef QMM_LANES_H
#define QMM_LANES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "include/quant_matmul.h"

/* The kernels are AVX-512 code on x86-64 and NEON with the dot-product instructions (FEAT_DotProd)
   on aarch64, both chosen per function so that the files build for the architectures' baselines
   and qmm_available() decides at run time; other architectures build only the layout arithmetic
   below and report the kernels unavailable (unavailable.c), so the model runner uses ggml's
   products. GCC 12 refuses target("+dotprod") for SDOT's intrinsic; it and clang take the
   arch= form. */
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define QMM_X86 1
#include <immintrin.h>
#define QMM_FEATURES "avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi,bmi2,f16c"
#elif defined(__aarch64__) && (defined(__clang__) || defined(__GNUC__))
#define QMM_NEON 1
#include <arm_neon.h>
#define QMM_FEATURES "arch=armv8.2-a+dotprod"
#endif

#ifdef QMM_FEATURES
#define QMM_TARGET __attribute__((target(QMM_FEATURES)))
#define QMM_INLINE static inline __attribute__((always_inline, target(QMM_FEATURES)))
#endif

/* Stops the program with a message: a kernel was called where qmm_available() is 0
   (unavailable.c). */
_Noreturn void qmm_refuse(const char *kernel);

enum { QMM_BLOCK = 32, QMM_GROUP_BYTES = 128, QMM_SCALE_BYTES = 64 };

static inline size_t qmm_groups(size_t blocks) { return (blocks + 3) / 4; }
static inline size_t qmm_sums_count(size_t blocks) { return (blocks + 15) & ~(size_t)15; }

static inline size_t qmm_activation_bytes(size_t blocks)
{
    return qmm_groups(blocks) * (QMM_GROUP_BYTES + QMM_SCALE_BYTES) + 3 * qmm_sums_count(blocks) * sizeof(float);
}
static inline size_t qmm_weight_bytes(size_t blocks)
{
    return qmm_groups(blocks) * (QMM_GROUP_BYTES + 2 * QMM_SCALE_BYTES) + 2 * qmm_sums_count(blocks) * sizeof(float);
}

/* Where block b's low-half values go (the high half is 64 bytes further), its four copies of
   each scale, and the per-block floats, in a row of `blocks` blocks starting at `row`. */
static inline uint8_t *qmm_values(uint8_t *row, size_t b)
{
    return row + (b / 4) * QMM_GROUP_BYTES + (b % 4) * 16;
}
static inline float *qmm_scales(uint8_t *row, size_t blocks, size_t b)
{
    return (float *)(row + qmm_groups(blocks) * QMM_GROUP_BYTES + (b / 4) * QMM_SCALE_BYTES) + (b % 4) * 4;
}
static inline float *qmm_second_scales(uint8_t *row, size_t blocks, size_t b)
{
    return qmm_scales(row, blocks, b) + qmm_groups(blocks) * 16;
}
/* An activation row's s_a per block, then per half block. */
static inline float *qmm_sums(uint8_t *row, size_t blocks)
{
    return (float *)(row + qmm_groups(blocks) * (QMM_GROUP_BYTES + QMM_SCALE_BYTES));
}
static inline float *qmm_half_sums(uint8_t *row, size_t blocks)
{
    return qmm_sums(row, blocks) + qmm_sums_count(blocks);
}

/* A decoded weight row's offsets. */
static inline float *qmm_offsets(uint8_t *row, size_t blocks)
{
    return (float *)(row + qmm_groups(blocks) * (QMM_GROUP_BYTES + 2 * QMM_SCALE_BYTES));
}

/* Zeroes the values and scales of the last group past block `blocks` (and the high halves'
   scales with `second`), and `floats` per-block floats from `from` on. */
static inline void qmm_clear_tail(uint8_t *row, size_t blocks, int second, float *from, size_t floats)
{
    for (size_t b = blocks; b % 4 != 0; b++) {
        memset(qmm_values(row, b), 0, 16);
        memset(qmm_values(row, b) + 64, 0, 16);
        memset(qmm_scales(row, blocks, b), 0, 4 * sizeof(float));
        if (second)
            memset(qmm_second_scales(row, blocks, b), 0, 4 * sizeof(float));
    }
    for (size_t i = 0; i < floats; i++)
        from[i] = 0;
}

#ifdef QMM_X86
/* The sums of the lanes of a, b, c and d, in that order: halving all four together takes 14
   shuffles and additions where four separate reductions take about 40, a sixth of a 4 x 4
   tile's work when rows are as short as 576. The single-row product takes its sums the same
   way, so that both give bit for bit the same result. */
QMM_INLINE __m128 qmm_row_sums(__m512 a, __m512 b, __m512 c, __m512 d)
{
    /* 256-bit halves: [a0 + a1, b0 + b1] and [c0 + c1, d0 + d1] (a0, a1 a's halves). */
    __m512 ab = _mm512_add_ps(_mm512_shuffle_f32x4(a, b, 0x44), _mm512_shuffle_f32x4(a, b, 0xEE));
    __m512 cd = _mm512_add_ps(_mm512_shuffle_f32x4(c, d, 0x44), _mm512_shuffle_f32x4(c, d, 0xEE));
    /* 128-bit quarters: lane k holds the four partial sums of a, b, c, d for k = 0..3. */
    __m512 q = _mm512_add_ps(_mm512_shuffle_f32x4(ab, cd, 0x88), _mm512_shuffle_f32x4(ab, cd, 0xDD));
    /* Within each lane: all four elements become the lane's total. */
    q = _mm512_add_ps(q, _mm512_permute_ps(q, 0x4E));
    q = _mm512_add_ps(q, _mm512_permute_ps(q, 0xB1));
    return _mm512_castps512_ps128(_mm512_permutexvar_ps(_mm512_setr_epi32(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), q));
}

/* The sum of a's lanes, added in the order qmm_row_sums adds them. */
QMM_INLINE float qmm_lane_sum(__m512 a)
{
    __m256 h = _mm256_add_ps(_mm512_castps512_ps256(a), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)));
    __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    q = _mm_add_ps(q, _mm_permute_ps(q, 0x4E));
    q = _mm_add_ps(q, _mm_permute_ps(q, 0xB1));
    return _mm_cvtss_f32(q);
}

#endif

#ifdef QMM_NEON
/* The sum of the 16 lanes of v[0..3] (v[l] standing for 128-bit lane l of an AVX-512
   register), added in the order of qmm_lane_sum on x86-64: lanes l and l + 2 first, then those
   two sums, then elements e and e + 2 of the result, then those two. */
QMM_INLINE float qmm_lane_sum(const float32x4_t v[4])
{
    float32x4_t q = vaddq_f32(vaddq_f32(v[0], v[2]), vaddq_f32(v[1], v[3]));
    float32x2_t h = vadd_f32(vget_low_f32(q), vget_high_f32(q));
    return vget_lane_f32(h, 0) + vget_lane_f32(h, 1);
}

/* The half-precision number at p (FCVTL is in every armv8-a). */
QMM_INLINE float qmm_half(const uint8_t *p)
{
    uint16_t h;
    memcpy(&h, p, 2);
    return vgetq_lane_f32(vcvt_f32_f16(vreinterpret_f16_u16(vdup_n_u16(h))), 0);
}

/* 128 sum(q_a) per 32-bit lane over the bytes SDOT pairs with it in alo and ahi: what the
   integer sums of a Q8_0 block lack when its values are stored as q rather than q + 128. */
QMM_INLINE int32x4_t qmm_q8_bias(int8x16_t alo, int8x16_t ahi)
{
    const int8x16_t ones = vdupq_n_s8(1);
    return vshlq_n_s32(vdotq_s32(vdotq_s32(vdupq_n_s32(0), ones, alo), ones, ahi), 7);
}
#endif

/* Blocks per slice: weight rows are decoded (and single rows summed) in slices of at most
   this many blocks. */
enum { QMM_SLICE_BLOCKS = 128 };

/* Whether `type` has a scale per half block (the K-quants with sub-blocks of 16). */
static inline int qmm_split(int type)
{
    return type == QMM_Q2_K || type == QMM_Q3_K || type == QMM_Q6_K;
}

/* Decodes blocks [first, first + blocks) of a GGUF weight row of `type` into a lane-layout
   row of `blocks` blocks at `out` (weights.c). */
void qmm_decode(uint8_t *out, const uint8_t *row, int type, size_t first, size_t blocks);

/* out[r] = W[r] . A for r in [first, end): one activation row, the weights read straight from
   their GGUF blocks (gemv.c). */
void qmm_gemv(float *out, const uint8_t *w, size_t w_stride, int type, const uint8_t *a, size_t k,
              size_t first, size_t end);

#endif
