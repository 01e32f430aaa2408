/*
 * BN254 (alt_bn128) kernels: the prime fields Fq (here `fp`, the base field) and Fr (the
 * scalar field), the tower Fq2/Fq6/Fq12, the groups G1 and G2, and the optimal ate pairing.
 *
 * Conventions shared by every function in this header:
 *  - Field elements are 4 x 64-bit limbs, least significant limb first, in Montgomery form
 *    (a value x is stored as x * 2^256 mod m). Limbs of a stored element are always < m.
 *  - Output pointers may alias inputs.
 *  - No function keeps state between calls; the only globals are constant tables and the
 *    kernel selection (fixed at start-up, see below), so every function is safe to call from
 *    several threads at once.
 *  - Affine points encode the point at infinity as (0, 0), which is on neither curve
 *    (3 is not a square mod p, and b' = 3/(9+u) is not a square in Fq2).
 *  - Projective points are Jacobian (X, Y, Z) with x = X/Z^2, y = Y/Z^3; Z = 0 is infinity.
 */
#ifndef BN254_H
#define BN254_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- types */

/** An element of Fq, q = p = 21888242871839275222246405745257275088696311157297823662689037894645226208583. */
typedef struct { uint64_t v[4]; } bn254_fp;
/** An element of Fr, r = 21888242871839275222246405745257275088548364400416034343698204186575808495617. */
typedef struct { uint64_t v[4]; } bn254_fr;
/** c0 + c1*u with u^2 = -1. */
typedef struct { bn254_fp c0, c1; } bn254_fp2;
/** c0 + c1*v + c2*v^2 with v^3 = xi = 9 + u. */
typedef struct { bn254_fp2 c0, c1, c2; } bn254_fp6;
/** c0 + c1*w with w^2 = v. */
typedef struct { bn254_fp6 c0, c1; } bn254_fp12;

/** G1: y^2 = x^3 + 3 over Fq. */
typedef struct { bn254_fp x, y; } bn254_g1_affine;
typedef struct { bn254_fp x, y, z; } bn254_g1;
/** G2: the order-r subgroup of the sextic D-type twist y^2 = x^3 + 3/(9+u) over Fq2. */
typedef struct { bn254_fp2 x, y; } bn254_g2_affine;
typedef struct { bn254_fp2 x, y, z; } bn254_g2;

/** Result codes of decoding and checking functions. */
typedef enum {
    BN254_OK = 0,
    BN254_ERR_NONCANONICAL = 1,     /* a field element encoding is >= the modulus */
    BN254_ERR_NOT_ON_CURVE = 2,
    BN254_ERR_NOT_IN_SUBGROUP = 3,
    BN254_ERR_BAD_FLAGS = 4,        /* reserved or inconsistent flag bits in a point encoding */
    BN254_ERR_NOT_A_SQUARE = 5      /* compressed x has no y on the curve */
} bn254_status;

/* ---------------------------------------------------------------- Fq (fp) and Fr (fr) */
/* Both fields expose the same set of operations. */

#define BN254_DECLARE_PRIME_FIELD(F, T)                                                      \
    extern const T bn254_##F##_zero;                                                         \
    extern const T bn254_##F##_one;                                                          \
    /** The modulus as 4 little-endian limbs (not in Montgomery form). */                    \
    extern const uint64_t bn254_##F##_modulus[4];                                            \
    void bn254_##F##_add(T *r, const T *a, const T *b);                                      \
    void bn254_##F##_sub(T *r, const T *a, const T *b);                                      \
    void bn254_##F##_neg(T *r, const T *a);                                                  \
    void bn254_##F##_dbl(T *r, const T *a);                                                  \
    void bn254_##F##_mul(T *r, const T *a, const T *b);                                      \
    void bn254_##F##_sqr(T *r, const T *a);                                                  \
    /** r = a^-1; returns 0 (and r = 0) when a = 0, else 1. */                               \
    int bn254_##F##_inv(T *r, const T *a);                                                   \
    /** out[i] = in[i]^-1 for n elements with one inversion; zeros stay zero. in == out is   \
        allowed; scratch holds n elements and must not alias in or out. */                  \
    void bn254_##F##_batch_inv(T *out, const T *in, size_t n, T *scratch);                   \
    /** r = a^e, e given as nlimbs little-endian 64-bit limbs (a plain integer). */          \
    void bn254_##F##_pow(T *r, const T *a, const uint64_t *e, size_t nlimbs);                \
    int bn254_##F##_is_zero(const T *a);                                                     \
    int bn254_##F##_is_one(const T *a);                                                      \
    int bn254_##F##_eq(const T *a, const T *b);                                              \
    void bn254_##F##_from_u64(T *r, uint64_t x);                                             \
    /** Canonical integer limbs (< modulus) to Montgomery form; returns BN254_ERR_NONCANONICAL \
        (leaving r untouched) when x >= modulus. */                                          \
    bn254_status bn254_##F##_from_canonical(T *r, const uint64_t x[4]);                      \
    /** Montgomery form to canonical integer limbs. */                                       \
    void bn254_##F##_to_canonical(uint64_t x[4], const T *a);                                \
    /** 32-byte big- and little-endian canonical encodings; decoding rejects values >= the   \
        modulus with BN254_ERR_NONCANONICAL. */                                              \
    bn254_status bn254_##F##_from_bytes_be(T *r, const uint8_t in[32]);                      \
    bn254_status bn254_##F##_from_bytes_le(T *r, const uint8_t in[32]);                      \
    void bn254_##F##_to_bytes_be(uint8_t out[32], const T *a);                               \
    void bn254_##F##_to_bytes_le(uint8_t out[32], const T *a);                               \
    /** Reduces a 64-byte little-endian integer mod the modulus (negligible bias: for        \
        sampling uniform elements and Fiat-Shamir challenges). */                            \
    void bn254_##F##_from_bytes_wide_le(T *r, const uint8_t in[64]);

BN254_DECLARE_PRIME_FIELD(fp, bn254_fp)
BN254_DECLARE_PRIME_FIELD(fr, bn254_fr)

/** r = sqrt(a) when a is a square (returns 1; either root may be returned), else returns 0. */
int bn254_fp_sqrt(bn254_fp *r, const bn254_fp *a);
/** 1 when the canonical value of a is > (p-1)/2 (a is "lexicographically largest"). */
int bn254_fp_is_lexicographically_largest(const bn254_fp *a);
/** A primitive 2^28-th root of unity in Fr (Fr has 2-adicity 28), in Montgomery form. */
extern const bn254_fr bn254_fr_root_of_unity_2_28;

/* ---------------------------------------------------------------- tower */

void bn254_fp2_add(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b);
void bn254_fp2_sub(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b);
void bn254_fp2_neg(bn254_fp2 *r, const bn254_fp2 *a);
void bn254_fp2_dbl(bn254_fp2 *r, const bn254_fp2 *a);
void bn254_fp2_mul(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp2 *b);
void bn254_fp2_sqr(bn254_fp2 *r, const bn254_fp2 *a);
void bn254_fp2_mul_fp(bn254_fp2 *r, const bn254_fp2 *a, const bn254_fp *b);
/** r = a * xi, xi = 9 + u. */
void bn254_fp2_mul_by_nonresidue(bn254_fp2 *r, const bn254_fp2 *a);
void bn254_fp2_conj(bn254_fp2 *r, const bn254_fp2 *a);
int bn254_fp2_inv(bn254_fp2 *r, const bn254_fp2 *a);
int bn254_fp2_sqrt(bn254_fp2 *r, const bn254_fp2 *a);
int bn254_fp2_is_zero(const bn254_fp2 *a);
int bn254_fp2_eq(const bn254_fp2 *a, const bn254_fp2 *b);
extern const bn254_fp2 bn254_fp2_zero;
extern const bn254_fp2 bn254_fp2_one;

void bn254_fp6_add(bn254_fp6 *r, const bn254_fp6 *a, const bn254_fp6 *b);
void bn254_fp6_sub(bn254_fp6 *r, const bn254_fp6 *a, const bn254_fp6 *b);
void bn254_fp6_neg(bn254_fp6 *r, const bn254_fp6 *a);
void bn254_fp6_mul(bn254_fp6 *r, const bn254_fp6 *a, const bn254_fp6 *b);
void bn254_fp6_sqr(bn254_fp6 *r, const bn254_fp6 *a);
/** r = a * v. */
void bn254_fp6_mul_by_nonresidue(bn254_fp6 *r, const bn254_fp6 *a);
int bn254_fp6_inv(bn254_fp6 *r, const bn254_fp6 *a);
int bn254_fp6_eq(const bn254_fp6 *a, const bn254_fp6 *b);

void bn254_fp12_mul(bn254_fp12 *r, const bn254_fp12 *a, const bn254_fp12 *b);
void bn254_fp12_sqr(bn254_fp12 *r, const bn254_fp12 *a);
int bn254_fp12_inv(bn254_fp12 *r, const bn254_fp12 *a);
void bn254_fp12_conj(bn254_fp12 *r, const bn254_fp12 *a);
/** r = a^(p^power) for power in 1..3 (and 0 = copy); larger powers via repetition. */
void bn254_fp12_frobenius(bn254_fp12 *r, const bn254_fp12 *a, unsigned power);
/** Squaring valid only in the cyclotomic subgroup (after the easy part of the final exp). */
void bn254_fp12_cyclotomic_sqr(bn254_fp12 *r, const bn254_fp12 *a);
void bn254_fp12_pow(bn254_fp12 *r, const bn254_fp12 *a, const uint64_t *e, size_t nlimbs);
int bn254_fp12_is_one(const bn254_fp12 *a);
int bn254_fp12_eq(const bn254_fp12 *a, const bn254_fp12 *b);
extern const bn254_fp12 bn254_fp12_one;

/* ---------------------------------------------------------------- G1 */

void bn254_g1_generator(bn254_g1 *r);
void bn254_g1_set_infinity(bn254_g1 *r);
int bn254_g1_is_infinity(const bn254_g1 *a);
void bn254_g1_from_affine(bn254_g1 *r, const bn254_g1_affine *a);
void bn254_g1_to_affine(bn254_g1_affine *r, const bn254_g1 *a);
/** n conversions with one field inversion. */
void bn254_g1_batch_to_affine(bn254_g1_affine *out, const bn254_g1 *in, size_t n);
void bn254_g1_add(bn254_g1 *r, const bn254_g1 *a, const bn254_g1 *b);
void bn254_g1_add_affine(bn254_g1 *r, const bn254_g1 *a, const bn254_g1_affine *b);
void bn254_g1_dbl(bn254_g1 *r, const bn254_g1 *a);
void bn254_g1_neg(bn254_g1 *r, const bn254_g1 *a);
int bn254_g1_eq(const bn254_g1 *a, const bn254_g1 *b);
/** r = k * a, k a 256-bit little-endian integer (any value; not reduced mod r). */
void bn254_g1_mul(bn254_g1 *r, const bn254_g1 *a, const uint64_t k[4]);
/**
 * r = sum scalars_j * points_j for a few points (Straus with GLV): scalars are 4 limbs each,
 * little-endian, any value; `scratch` holds bn254_g1_msm_small_scratch(n) bytes, 8-aligned.
 */
void bn254_g1_msm_small(bn254_g1 *r, const bn254_g1_affine *points, const uint64_t *scalars, size_t n, void *scratch);
size_t bn254_g1_msm_small_scratch(size_t n);
int bn254_g1_affine_is_on_curve(const bn254_g1_affine *a);
int bn254_g1_affine_is_infinity(const bn254_g1_affine *a);

/* ---------------------------------------------------------------- G2 */

void bn254_g2_generator(bn254_g2 *r);
void bn254_g2_set_infinity(bn254_g2 *r);
int bn254_g2_is_infinity(const bn254_g2 *a);
void bn254_g2_from_affine(bn254_g2 *r, const bn254_g2_affine *a);
void bn254_g2_to_affine(bn254_g2_affine *r, const bn254_g2 *a);
void bn254_g2_batch_to_affine(bn254_g2_affine *out, const bn254_g2 *in, size_t n);
void bn254_g2_add(bn254_g2 *r, const bn254_g2 *a, const bn254_g2 *b);
void bn254_g2_add_affine(bn254_g2 *r, const bn254_g2 *a, const bn254_g2_affine *b);
void bn254_g2_dbl(bn254_g2 *r, const bn254_g2 *a);
void bn254_g2_neg(bn254_g2 *r, const bn254_g2 *a);
int bn254_g2_eq(const bn254_g2 *a, const bn254_g2 *b);
void bn254_g2_mul(bn254_g2 *r, const bn254_g2 *a, const uint64_t k[4]);
int bn254_g2_affine_is_on_curve(const bn254_g2_affine *a);
int bn254_g2_affine_is_infinity(const bn254_g2_affine *a);
/** 1 when a (on the twist) lies in the order-r subgroup. */
int bn254_g2_is_in_subgroup(const bn254_g2 *a);

/* ---------------------------------------------------------------- point encodings */
/* Formats are documented in docs/encodings.md. Decoders check canonical field elements,
   flags, the curve equation and (for G2) subgroup membership. */

bn254_status bn254_g1_decode(bn254_g1_affine *r, const uint8_t in[64]);
void bn254_g1_encode(uint8_t out[64], const bn254_g1_affine *a);
bn254_status bn254_g1_decode_compressed(bn254_g1_affine *r, const uint8_t in[32]);
void bn254_g1_encode_compressed(uint8_t out[32], const bn254_g1_affine *a);
bn254_status bn254_g2_decode(bn254_g2_affine *r, const uint8_t in[128]);
void bn254_g2_encode(uint8_t out[128], const bn254_g2_affine *a);
bn254_status bn254_g2_decode_compressed(bn254_g2_affine *r, const uint8_t in[64]);
void bn254_g2_encode_compressed(uint8_t out[64], const bn254_g2_affine *a);

/* ---------------------------------------------------------------- kernel selection */

/**
 * Instruction-set extensions the kernels use when the CPU has them. Each has portable code that
 * gives the same bits, which runs where the extension is missing (and on other architectures).
 */
typedef enum {
    /** x86-64 BMI2 + ADX: Montgomery multiplication with MULX/ADCX/ADOX (two carry chains). */
    BN254_KERNEL_ADX = 1,
    /** x86-64 AVX-512 F, VL and IFMA: eight-lane MSM batch additions and NTT butterflies. */
    BN254_KERNEL_IFMA = 2,
} bn254_kernel_feature;

/**
 * The features in use (a mask of bn254_kernel_feature): those the CPU has, less those the
 * environment variable POT_KERNELS excludes, read once at start-up:
 *   unset or "best"  every feature the CPU has;
 *   "adx"            no AVX-512: the code an x86-64 CPU with BMI2/ADX but no AVX-512 runs;
 *   "portable"       none: the code of CPUs without these extensions and of other architectures.
 * Any other value stops the program with a message naming the accepted ones.
 */
unsigned bn254_kernel_features(void);
/** The features this CPU has, whatever POT_KERNELS says. */
unsigned bn254_kernel_features_supported(void);
/**
 * Uses `features` intersected with the supported ones from now on and returns that mask; for
 * tests and benchmarks that compare the paths in one process. Must not run while other threads
 * are inside the kernels.
 */
unsigned bn254_select_kernels(unsigned features);

/* ---------------------------------------------------------------- pairing */

/** Miller loop of the optimal ate pairing, multiplied over n pairs (no final exponentiation).
    Pairs where either point is infinity contribute 1. */
void bn254_miller_loop(bn254_fp12 *r, const bn254_g1_affine *p, const bn254_g2_affine *q, size_t n);
void bn254_final_exponentiation(bn254_fp12 *r, const bn254_fp12 *a);
/** e(p, q). */
void bn254_pairing(bn254_fp12 *r, const bn254_g1_affine *p, const bn254_g2_affine *q);
/** 1 when prod_i e(p[i], q[i]) = 1 (one shared final exponentiation). */
int bn254_pairing_check(const bn254_g1_affine *p, const bn254_g2_affine *q, size_t n);

#ifdef __cplusplus
}
#endif
#endif
