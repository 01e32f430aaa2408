/*
 * The exported prime-field API of bn254.h, written once and expanded for Fq (fp.c) and
 * Fr (fr.c): every function forwards to the shared Montgomery code in field_impl.h.
 */
#ifndef BN254_FIELD_API_H
#define BN254_FIELD_API_H

#include "field_internal.h"

#define BN254_DEFINE_PRIME_FIELD_API(F, T, FIELD)                                           \
    const T bn254_##F##_zero = {{0, 0, 0, 0}};                                             \
    const T bn254_##F##_one = {{FIELD##_ONE}};                                             \
    const uint64_t bn254_##F##_modulus[4] = {FIELD##_MODULUS};                             \
                                                                                           \
    void bn254_##F##_add(T *r, const T *a, const T *b) { F##_add(r, a, b); }               \
    void bn254_##F##_sub(T *r, const T *a, const T *b) { F##_sub(r, a, b); }               \
    void bn254_##F##_neg(T *r, const T *a) { F##_neg(r, a); }                              \
    void bn254_##F##_dbl(T *r, const T *a) { F##_dbl(r, a); }                              \
    void bn254_##F##_mul(T *r, const T *a, const T *b) { F##_mul(r, a, b); }               \
    void bn254_##F##_sqr(T *r, const T *a) { F##_sqr(r, a); }                              \
    int bn254_##F##_inv(T *r, const T *a) { return mont_inv(r->v, a->v, &FIELD); }        \
    void bn254_##F##_batch_inv(T *out, const T *in, size_t n, T *scratch)                  \
    {                                                                                      \
        mont_batch_inv((uint64_t(*)[4])out, (const uint64_t(*)[4])in, n,                   \
                       (uint64_t(*)[4])scratch, &FIELD);                                   \
    }                                                                                      \
    void bn254_##F##_pow(T *r, const T *a, const uint64_t *e, size_t nlimbs)               \
    {                                                                                      \
        mont_pow(r->v, a->v, e, nlimbs, &FIELD);                                           \
    }                                                                                      \
    int bn254_##F##_is_zero(const T *a) { return F##_is_zero(a); }                         \
    int bn254_##F##_is_one(const T *a) { return mont_eq(a->v, FIELD.one); }               \
    int bn254_##F##_eq(const T *a, const T *b) { return F##_eq(a, b); }                    \
    void bn254_##F##_from_u64(T *r, uint64_t x)                                            \
    {                                                                                      \
        const uint64_t w[4] = {x, 0, 0, 0};                                                \
        mont_from_canonical(r->v, w, &FIELD);                                              \
    }                                                                                      \
    bn254_status bn254_##F##_from_canonical(T *r, const uint64_t x[4])                     \
    {                                                                                      \
        if (!mont_is_canonical(x, &FIELD))                                                 \
            return BN254_ERR_NONCANONICAL;                                                 \
        mont_from_canonical(r->v, x, &FIELD);                                              \
        return BN254_OK;                                                                   \
    }                                                                                      \
    void bn254_##F##_to_canonical(uint64_t x[4], const T *a) { mont_to_canonical(x, a->v, &FIELD); } \
    bn254_status bn254_##F##_from_bytes_be(T *r, const uint8_t in[32])                     \
    {                                                                                      \
        uint64_t x[4];                                                                     \
        mont_load_be(x, in);                                                               \
        return bn254_##F##_from_canonical(r, x);                                           \
    }                                                                                      \
    bn254_status bn254_##F##_from_bytes_le(T *r, const uint8_t in[32])                     \
    {                                                                                      \
        uint64_t x[4];                                                                     \
        mont_load_le(x, in);                                                               \
        return bn254_##F##_from_canonical(r, x);                                           \
    }                                                                                      \
    void bn254_##F##_to_bytes_be(uint8_t out[32], const T *a)                              \
    {                                                                                      \
        uint64_t x[4];                                                                     \
        mont_to_canonical(x, a->v, &FIELD);                                                \
        mont_store_be(out, x);                                                             \
    }                                                                                      \
    void bn254_##F##_to_bytes_le(uint8_t out[32], const T *a)                              \
    {                                                                                      \
        uint64_t x[4];                                                                     \
        mont_to_canonical(x, a->v, &FIELD);                                                \
        mont_store_le(out, x);                                                             \
    }                                                                                      \
    void bn254_##F##_from_bytes_wide_le(T *r, const uint8_t in[64])                        \
    {                                                                                      \
        uint64_t lo[4], hi[4];                                                             \
        mont_load_le(lo, in);                                                              \
        mont_load_le(hi, in + 32);                                                         \
        mont_from_wide(r->v, lo, hi, &FIELD);                                              \
    }

#endif
