/*
 * Internal inline Fq/Fr arithmetic for the other kernels of this target (curves, pairing).
 *
 * Stable names, same meaning as the exported bn254_* function without the prefix:
 *   fp_add fp_sub fp_neg fp_dbl fp_mul fp_sqr fp_is_zero fp_eq fp_copy   (bn254_fp)
 *   fr_add fr_sub fr_neg fr_dbl fr_mul fr_sqr fr_is_zero fr_eq fr_copy   (bn254_fr)
 *   BN254_FP_FIELD / BN254_FR_FIELD: the constant tables (modulus, -m^-1, R, R^2, R^3),
 *   BN254_FP_FIELD_ONE / _MODULUS (and FR): their limbs as initializer lists.
 * They inline into the caller, which is what the hot loops want; anything slower
 * (inverse, sqrt, pow, encodings) stays behind the exported functions in bn254.h.
 *
 * Constants derived with Python big integers from the EIP-196/197 moduli, R = 2^256:
 *   inv = (-m^-1) mod 2^64, one = R mod m, r2 = R^2 mod m, r3 = R^3 mod m.
 */
#ifndef BN254_FIELD_INTERNAL_H
#define BN254_FIELD_INTERNAL_H

#include "bn254.h"
#include "field_impl.h"

/* p = 21888242871839275222246405745257275088696311157297823662689037894645226208583 */
#define BN254_FP_FIELD_MODULUS 0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL
#define BN254_FP_FIELD_ONE 0xd35d438dc58f0d9dULL, 0x0a78eb28f5c70b3dULL, 0x666ea36f7879462cULL, 0x0e0a77c19a07df2fULL
static const mont_field BN254_FP_FIELD = {
    .m = {BN254_FP_FIELD_MODULUS},
    .inv = 0x87d20782e4866389ULL,
    .one = {BN254_FP_FIELD_ONE},
    .r2 = {0xf32cfc5b538afa89ULL, 0xb5e71911d44501fbULL, 0x47ab1eff0a417ff6ULL, 0x06d89f71cab8351fULL},
    .r3 = {0xb1cd6dafda1530dfULL, 0x62f210e6a7283db6ULL, 0xef7f0b0c0ada0afbULL, 0x20fd6e902d592544ULL},
    .m_minus_2 = {0x3c208c16d87cfd45ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL},
};

/* r = 21888242871839275222246405745257275088548364400416034343698204186575808495617 */
#define BN254_FR_FIELD_MODULUS 0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL
#define BN254_FR_FIELD_ONE 0xac96341c4ffffffbULL, 0x36fc76959f60cd29ULL, 0x666ea36f7879462eULL, 0x0e0a77c19a07df2fULL
static const mont_field BN254_FR_FIELD = {
    .m = {BN254_FR_FIELD_MODULUS},
    .inv = 0xc2e1f593efffffffULL,
    .one = {BN254_FR_FIELD_ONE},
    .r2 = {0x1bb8e645ae216da7ULL, 0x53fe3ab1e35c59e3ULL, 0x8c49833d53bb8085ULL, 0x0216d0b17f4e44a5ULL},
    .r3 = {0x5e94d8e1b4bf0040ULL, 0x2a489cbe1cfbb6b8ULL, 0x893cc664a19fcfedULL, 0x0cf8594b7fcc657cULL},
    .m_minus_2 = {0x43e1f593efffffffULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL},
};

#define BN254_DEFINE_INLINE_FIELD(F, T, FIELD)                                             \
    BN254_INLINE void F##_add(T *r, const T *a, const T *b) { mont_add(r->v, a->v, b->v, &FIELD); } \
    BN254_INLINE void F##_sub(T *r, const T *a, const T *b) { mont_sub(r->v, a->v, b->v, &FIELD); } \
    BN254_INLINE void F##_neg(T *r, const T *a) { mont_neg(r->v, a->v, &FIELD); }         \
    BN254_INLINE void F##_dbl(T *r, const T *a) { mont_dbl(r->v, a->v, &FIELD); }         \
    BN254_INLINE void F##_mul(T *r, const T *a, const T *b) { mont_mul(r->v, a->v, b->v, &FIELD); } \
    BN254_INLINE void F##_sqr(T *r, const T *a) { mont_sqr(r->v, a->v, &FIELD); }         \
    BN254_INLINE int F##_is_zero(const T *a) { return mont_is_zero(a->v); }               \
    BN254_INLINE int F##_eq(const T *a, const T *b) { return mont_eq(a->v, b->v); }       \
    BN254_INLINE void F##_copy(T *r, const T *a) { *r = *a; }

BN254_DEFINE_INLINE_FIELD(fp, bn254_fp, BN254_FP_FIELD)
BN254_DEFINE_INLINE_FIELD(fr, bn254_fr, BN254_FR_FIELD)

#endif
