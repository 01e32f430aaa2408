/*
 * Matrix products of block-quantized weights (GGUF Q4_0, Q4_1, Q5_0, Q5_1, Q8_0 and the
 * K-quants Q2_K to Q6_K) with activations quantized to 8 bits, on AVX-512 VNNI.
 *
 * ggml's own x86 kernels for these types take one dot product of a weight row and an
 * activation row at a time, unpacking the weight row again for every activation row. Here a
 * tile of four weight rows is unpacked once into a lane layout that matches the activations,
 * then multiplied with four activation rows at a time: per 128 products, two VPDPBUSD (unsigned
 * weight bytes times signed activation bytes) and three float operations for the block scales.
 *
 * Arithmetic, the same as ggml's Q8_1 activations: every block of 32 activations x is stored as
 * d_a and q_a with d_a = max|x| / 127, q_a = round(x / d_a), plus s_a = d_a * sum(q_a). A weight
 * block is stored as d_w, o_w and unsigned bytes u (Q4_1, Q5_1: o_w = m; Q4_0: o_w = -8 d_w;
 * Q5_0: -16 d_w; Q8_0: u = q + 128, o_w = -128 d_w; the K-quants: d_w and o_w from the
 * sub-block's scale and min), so its product with the activation block is
 *     d_w d_a sum(u q_a) + o_w s_a,
 * taken per half block of 16 for Q2_K, Q3_K and Q6_K, whose sub-blocks are that long.
 * Scales are kept in single precision (ggml rounds d_a and s_a to half precision).
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

/* Whether this CPU runs the kernels (x86-64 with AVX-512 F, BW, VL, VNNI, VBMI, BMI2 and F16C; 0 on
   other architectures, where the kernels stop the program if called). Callers fall back to
   another implementation when it does not; no other function may be called then. */
int qmm_available(void);

/* Whether `type` (a ggml type number) is one of qmm_type. */
int qmm_supports(int type);

/* Whether products of `type` with fewer than four activation rows read the weight blocks
   directly (Q4_0, Q4_1, Q8_0). The other types then decode every weight row into a tile for
   one to three activation rows, and run at a fifth of that speed, slower than ggml's own
   single-row kernels: callers should send such products elsewhere. */
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
