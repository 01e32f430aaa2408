/*
 * Matrix products of block-quantized weights (GGUF Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 and the
 * K-quants Q2_K to Q6_K) with activations quantized to 8 bits, on AVX-512 VNNI (x86-64) and on
 * NEON with the dot-product instructions, FEAT_DotProd (aarch64).
 *
 * ggml's own x86 kernels for these types take one dot product of a weight row and an
 * activation row at a time, unpacking the weight row again for every activation row. Here a
 * tile of four weight rows is unpacked once into a lane layout that matches the activations,
 * then multiplied with the activation rows: on x86-64 four at a time, per 128 products two
 * VPDPBUSD (unsigned weight bytes times signed activation bytes) and three float operations for
 * the block scales; on aarch64 one at a time, per 128 products eight SDOT (signed times signed)
 * and twelve float operations on 128-bit registers.
 *
 * Arithmetic, the same as ggml's Q8_1 activations: every block of 32 activations x is stored as
 * d_a and q_a with d_a = max|x| / 127, q_a = round(x / d_a) (to nearest even), plus
 * s_a = d_a * sum(q_a). A weight block is stored as d_w, o_w and unsigned bytes u (Q4_1, Q5_1:
 * o_w = m; Q4_0: o_w = -8 d_w; Q5_0: -16 d_w; Q8_0: u = q + 128, o_w = -128 d_w; the K-quants:
 * d_w and o_w from the sub-block's scale and min), so its product with the activation block is
 *     d_w d_a sum(u q_a) + o_w s_a,
 * taken per half block of 16 for Q2_K, Q3_K and Q6_K, whose sub-blocks are that long.
 * Scales are kept in single precision (ggml rounds d_a and s_a to half precision).
 *
 * Order, the same on both architectures, so that they give the same bits (Tests/CKernels checks
 * both against a scalar emulation of it): the integer sums are exact; per slice of 128 blocks,
 * 16 float lanes, lane 4 (b mod 4) + i taking block after block the sum over values 4i..4i+3
 * and 16+4i..16+4i+3 of block b, times d_w d_a and added with one fused multiply-add (halves
 * apart: low = sum_lo d_lo, then fma(sum_hi, d_hi, low), then fma with d_a); 16 more lanes
 * taking o_w s_a of block (or half block) 16m + lane by fused multiply-adds; the lanes added
 * pairwise, 32 into 16, then lane e with 8 + e and 4 + e with 12 + e, those two, then elements
 * 0 with 2 and 1 with 3, those two; slices added in order. SDOT being signed, the aarch64 code
 * keeps Q8_0's q and adds 128 sum(q_a) to its integer sums (lanes.h); the other types' u are
 * at most 63 and used as they are.
 *
 * The kernels have no state: every call reads its inputs and writes its outputs only, and calls
 * on disjoint output rows may run on different threads.
 */
#ifndef QUANT_MATMUL_H
#define QUANT_MATMUL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The weight types the kernels read, numbered as ggml's enum ggml_type. */
typedef enum {
    QMM_Q4_0 = 2,
    QMM_Q4_1 = 3,
    QMM_Q5_0 = 6,
    QMM_Q5_1 = 7,
    QMM_Q8_0 = 8,
    QMM_Q2_K = 10,
    QMM_Q3_K = 11,
    QMM_Q4_K = 12,
    QMM_Q5_K = 13,
    QMM_Q6_K = 14,
} qmm_type;

/* Whether this CPU runs the kernels: x86-64 with AVX-512 F, BW, VL, VNNI, VBMI, BMI2 and F16C, or
   aarch64 with FEAT_DotProd (Linux: HWCAP_ASIMDDP in getauxval(AT_HWCAP); macOS: the sysctl
   hw.optional.arm.FEAT_DotProd); 0 on other CPUs and architectures, and when the environment
   variable POT_KERNELS is adx or portable (bn254.h). Callers fall back to another implementation
   when it is 0; no other function may be called then (on aarch64 and other architectures the
   kernels stop the program if called). */
int qmm_available(void);

/* Whether `type` (a ggml type number) is one of qmm_type. */
int qmm_supports(int type);

/* Whether products of `type` with fewer than four activation rows read the weight blocks
   directly (Q4_0, Q4_1, Q8_0). The other types then decode every weight row into a tile for
   one to three activation rows, and run at a fifth of that speed (measured on x86-64), slower
   than ggml's own single-row kernels: callers should send such products elsewhere. */
int qmm_reads_rows_directly(int type);

/* Bytes of one quantized activation row of k values (k a multiple of 32; of 256 for the
   K-quants' weights), a multiple of 64. */
size_t qmm_activation_row_bytes(size_t k);

/* Quantizes rows [first, end) of x (k floats each, `stride` bytes apart) into `out`, one row of
   qmm_activation_row_bytes(k) bytes each, row i at out + i * that size. */
void qmm_quantize_rows(uint8_t *out, const float *x, size_t stride, size_t k, size_t first, size_t end);

/* out[c * out_stride + r] = sum over j < k of W[r][j] * A[c][j], for weight rows r in
   [first, end) and activation rows c < columns. Weight row r starts at w + r * w_stride (GGUF
   blocks of `type`), activation row c at a + c * qmm_activation_row_bytes(k); out_stride counts
   floats. */
void qmm_matmul(float *out, size_t out_stride, const uint8_t *w, size_t w_stride, qmm_type type,
                const uint8_t *a, size_t columns, size_t k, size_t first, size_t end);

#ifdef __cplusplus
}
#endif

#endif
