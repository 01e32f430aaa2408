/* Shared by the scalar passes (transform.c) and the AVX-512 IFMA passes (transform_ifma.c). */
#ifndef BN254_NTT_INTERNAL_H
#define BN254_NTT_INTERNAL_H

#include "ntt.h"

/*
 * For i >= 1, tw[ntt_inverse_index(i)] = -(tw[i])^-1: with 2^t <= i < 2^(t+1), negating
 * brv(i) modulo 2^(t+1) complements the bits of i below t, which is 3 * 2^t - 1 - i.
 */
static inline size_t ntt_inverse_index(size_t i)
{
    size_t top = (size_t)1 << (63 - __builtin_clzll((unsigned long long)i));
    return 3 * top - 1 - i;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define NTT_IFMA 1

/* 1 when this CPU (and OS) runs the IFMA passes and the kernel selection (bn254.h) allows them. */
int ntt_ifma_supported(void);

/* The vector passes need eight independent butterflies per step: width >= 8 (a tile of
   columns), or at least 2^7 elements, so that stages with short groups have >= 8 groups. */
static inline int ntt_ifma_fits(unsigned log_len, size_t width)
{
    return width >= 8 || log_len >= 7;
}

/* All stages of a sub-transform, as forward_all / inverse_all in transform.c. */
void ntt_ifma_forward_all(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base);
void ntt_ifma_inverse_all(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base);

/* vector.c kernels on the first count rounded down to a multiple of 8 elements. */
void ntt_ifma_vec_mul(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count);
void ntt_ifma_vec_scale(bn254_fr *out, const bn254_fr *a, const bn254_fr *c, size_t count);
void ntt_ifma_vec_scale_powers(bn254_fr *out, const bn254_fr *a, const bn254_fr first8[8],
                               const bn254_fr *ratio8, size_t count);
/* Overwrites *r with the dot product of the first count (a multiple of 8, >= 8) elements. */
void ntt_ifma_vec_dot(bn254_fr *r, const bn254_fr *a, const bn254_fr *b, size_t count);
#endif

#endif
