/*
 * Fr arithmetic on eight elements at once with AVX-512 IFMA (vpmadd52luq / vpmadd52huq).
 *
 * A vector holds eight elements as five 52-bit limbs each (limb j of all eight lanes in one
 * register). Values are the usual Montgomery residues x * 2^256 mod r, so eight elements
 * convert to and from the 4 x 64-bit array layout of bn254.h with shifts and permutes only,
 * and the twiddle table of ntt.h serves both kernels. Montgomery multiplication therefore
 * divides by 2^256 = 2^(4*52 + 48): four 52-bit reduction rounds and a last 48-bit one.
 *
 * Every function here is compiled for avx512f+avx512ifma; callers check the CPU first.
 */
#ifndef BN254_FR52_IFMA_H
#define BN254_FR52_IFMA_H

#include <immintrin.h>
#include <stddef.h>
#include "bn254.h"

#define FR52_TARGET __attribute__((target("avx512f,avx512ifma")))
#define FR52_INLINE static inline __attribute__((always_inline, target("avx512f,avx512ifma")))

typedef struct { __m512i l[5]; } fr52;

/* r in 52-bit limbs, and -r^-1 mod 2^52 (its low 48 bits are -r^-1 mod 2^48). */
#define FR52_R0 0x1f593f0000001ULL
#define FR52_R1 0x4879b9709143eULL
#define FR52_R2 0x181585d2833e8ULL
#define FR52_R3 0xa029b85045b68ULL
#define FR52_R4 0x30644e72e131ULL
#define FR52_INV 0x1f593efffffffULL
#define FR52_MASK 0xfffffffffffffULL

FR52_INLINE __m512i fr52_modulus(int j)
{
    static const uint64_t r[5] = {FR52_R0, FR52_R1, FR52_R2, FR52_R3, FR52_R4};
    return _mm512_set1_epi64((long long)r[j]);
}

/* Four vectors of 64-bit words (word k of lanes 0..7 in xk) to 52-bit limbs. */
FR52_INLINE fr52 fr52_from_words(__m512i x0, __m512i x1, __m512i x2, __m512i x3)
{
    const __m512i m = _mm512_set1_epi64(FR52_MASK);
    fr52 r;
    r.l[0] = _mm512_and_si512(x0, m);
    r.l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(x0, 52), _mm512_slli_epi64(x1, 12)), m);
    r.l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(x1, 40), _mm512_slli_epi64(x2, 24)), m);
    r.l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(x2, 28), _mm512_slli_epi64(x3, 36)), m);
    r.l[4] = _mm512_srli_epi64(x3, 16);
    return r;
}

FR52_INLINE void fr52_to_words(__m512i x[4], fr52 v)
{
    x[0] = _mm512_or_si512(v.l[0], _mm512_slli_epi64(v.l[1], 52));
    x[1] = _mm512_or_si512(_mm512_srli_epi64(v.l[1], 12), _mm512_slli_epi64(v.l[2], 40));
    x[2] = _mm512_or_si512(_mm512_srli_epi64(v.l[2], 24), _mm512_slli_epi64(v.l[3], 28));
    x[3] = _mm512_or_si512(_mm512_srli_epi64(v.l[3], 36), _mm512_slli_epi64(v.l[4], 16));
}

/*
 * z0..z3 hold two elements each (lanes 2i, 2i+1 in z_i) as stored in memory; a transpose in
 * two rounds of two-source permutes gathers word k of all eight elements.
 */
FR52_INLINE fr52 fr52_from_pairs(__m512i z0, __m512i z1, __m512i z2, __m512i z3)
{
    const __m512i even = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0);
    const __m512i odd = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);
    const __m512i low = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const __m512i high = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    /* a: words 0, 1 of elements 0..3; b: words 2, 3; c, d: the same for elements 4..7 */
    __m512i a = _mm512_permutex2var_epi64(z0, even, z1), b = _mm512_permutex2var_epi64(z0, odd, z1);
    __m512i c = _mm512_permutex2var_epi64(z2, even, z3), d = _mm512_permutex2var_epi64(z2, odd, z3);
    return fr52_from_words(_mm512_permutex2var_epi64(a, low, c), _mm512_permutex2var_epi64(a, high, c),
                           _mm512_permutex2var_epi64(b, low, d), _mm512_permutex2var_epi64(b, high, d));
}

/* The inverse of fr52_from_pairs. */
FR52_INLINE void fr52_to_pairs(__m512i z[4], fr52 v)
{
    const __m512i even = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0);
    const __m512i odd = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);
    const __m512i low = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const __m512i high = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    __m512i x[4];
    fr52_to_words(x, v);
    __m512i a = _mm512_permutex2var_epi64(x[0], low, x[1]), c = _mm512_permutex2var_epi64(x[0], high, x[1]);
    __m512i b = _mm512_permutex2var_epi64(x[2], low, x[3]), d = _mm512_permutex2var_epi64(x[2], high, x[3]);
    z[0] = _mm512_permutex2var_epi64(a, even, b);
    z[1] = _mm512_permutex2var_epi64(a, odd, b);
    z[2] = _mm512_permutex2var_epi64(c, even, d);
    z[3] = _mm512_permutex2var_epi64(c, odd, d);
}

/* Eight consecutive elements. */
FR52_INLINE fr52 fr52_load(const bn254_fr *e)
{
    return fr52_from_pairs(_mm512_loadu_si512(e), _mm512_loadu_si512(e + 2), _mm512_loadu_si512(e + 4),
                           _mm512_loadu_si512(e + 6));
}

FR52_INLINE void fr52_store(bn254_fr *e, fr52 v)
{
    __m512i z[4];
    fr52_to_pairs(z, v);
    for (int i = 0; i < 4; i++)
        _mm512_storeu_si512(e + 2 * i, z[i]);
}

FR52_INLINE __m512i fr52_pair(const bn254_fr *a, const bn254_fr *b)
{
    return _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)a)),
                              _mm256_loadu_si256((const __m256i *)b), 1);
}

/* Lane i from e[i * stride]. */
FR52_INLINE fr52 fr52_load_strided(const bn254_fr *e, ptrdiff_t stride)
{
    return fr52_from_pairs(fr52_pair(e, e + stride), fr52_pair(e + 2 * stride, e + 3 * stride),
                           fr52_pair(e + 4 * stride, e + 5 * stride), fr52_pair(e + 6 * stride, e + 7 * stride));
}

/* Lane i from *p[i]. */
FR52_INLINE fr52 fr52_gather(const bn254_fr *const p[8])
{
    return fr52_from_pairs(fr52_pair(p[0], p[1]), fr52_pair(p[2], p[3]), fr52_pair(p[4], p[5]),
                           fr52_pair(p[6], p[7]));
}

FR52_INLINE void fr52_store_strided(bn254_fr *e, ptrdiff_t stride, fr52 v)
{
    __m512i z[4];
    fr52_to_pairs(z, v);
    for (int i = 0; i < 4; i++) {
        _mm256_storeu_si256((__m256i *)(e + 2 * i * stride), _mm512_castsi512_si256(z[i]));
        _mm256_storeu_si256((__m256i *)(e + (2 * i + 1) * stride), _mm512_extracti64x4_epi64(z[i], 1));
    }
}

/* Every lane = *e. */
FR52_INLINE fr52 fr52_broadcast(const bn254_fr *e)
{
    return fr52_from_words(_mm512_set1_epi64((long long)e->v[0]), _mm512_set1_epi64((long long)e->v[1]),
                           _mm512_set1_epi64((long long)e->v[2]), _mm512_set1_epi64((long long)e->v[3]));
}

/* Subtracts r when v >= r (v < 2r, limbs normalised). */
FR52_INLINE fr52 fr52_reduce_once(fr52 v)
{
    const __m512i m = _mm512_set1_epi64(FR52_MASK);
    fr52 d;
    __m512i borrow = _mm512_setzero_si512();
    for (int j = 0; j < 5; j++) {
        __m512i t = _mm512_sub_epi64(_mm512_sub_epi64(v.l[j], fr52_modulus(j)), borrow);
        borrow = _mm512_srli_epi64(t, 63);
        d.l[j] = _mm512_and_si512(t, m);
    }
    /* a final borrow means v < r: keep v */
    __mmask8 keep = _mm512_test_epi64_mask(borrow, borrow);
    for (int j = 0; j < 5; j++)
        d.l[j] = _mm512_mask_blend_epi64(keep, d.l[j], v.l[j]);
    return d;
}

FR52_INLINE fr52 fr52_add(fr52 a, fr52 b)
{
    const __m512i m = _mm512_set1_epi64(FR52_MASK);
    fr52 s;
    __m512i carry = _mm512_setzero_si512();
    for (int j = 0; j < 5; j++) {
        __m512i t = _mm512_add_epi64(_mm512_add_epi64(a.l[j], b.l[j]), carry);
        carry = _mm512_srli_epi64(t, 52);
        s.l[j] = j < 4 ? _mm512_and_si512(t, m) : t;
    }
    return fr52_reduce_once(s);
}

FR52_INLINE fr52 fr52_sub(fr52 a, fr52 b)
{
    const __m512i m = _mm512_set1_epi64(FR52_MASK);
    fr52 d;
    __m512i borrow = _mm512_setzero_si512();
    for (int j = 0; j < 5; j++) {
        __m512i t = _mm512_sub_epi64(_mm512_sub_epi64(a.l[j], b.l[j]), borrow);
        borrow = _mm512_srli_epi64(t, 63);
        d.l[j] = _mm512_and_si512(t, m);
    }
    /* on a final borrow the difference wrapped: add r back in those lanes */
    __mmask8 wrapped = _mm512_test_epi64_mask(borrow, borrow);
    __m512i carry = _mm512_setzero_si512();
    for (int j = 0; j < 5; j++) {
        __m512i t = _mm512_add_epi64(_mm512_add_epi64(d.l[j], _mm512_maskz_mov_epi64(wrapped, fr52_modulus(j))), carry);
        carry = _mm512_srli_epi64(t, 52);
        d.l[j] = _mm512_and_si512(t, m);
    }
    return d;
}

/*
 * a * b / 2^256 mod r (CIOS over the limbs of b). The 64-bit accumulators take the 52-bit
 * partial products without carrying (at most ~25 additions each, far below 2^64); carries
 * move up once per round with the shifted-out limb, and fully at the end. The result before
 * the last subtraction is < a*b/2^256 + r < 1.25 r for a, b < r.
 */
FR52_INLINE fr52 fr52_mul(fr52 a, fr52 b)
{
    const __m512i zero = _mm512_setzero_si512(), m = _mm512_set1_epi64(FR52_MASK);
    const __m512i inv = _mm512_set1_epi64((long long)FR52_INV);
    __m512i t0 = zero, t1 = zero, t2 = zero, t3 = zero, t4 = zero, t5 = zero;
    for (int i = 0; i < 5; i++) {
        __m512i bi = b.l[i];
        t0 = _mm512_madd52lo_epu64(t0, a.l[0], bi);
        t1 = _mm512_madd52hi_epu64(t1, a.l[0], bi);
        t1 = _mm512_madd52lo_epu64(t1, a.l[1], bi);
        t2 = _mm512_madd52hi_epu64(t2, a.l[1], bi);
        t2 = _mm512_madd52lo_epu64(t2, a.l[2], bi);
        t3 = _mm512_madd52hi_epu64(t3, a.l[2], bi);
        t3 = _mm512_madd52lo_epu64(t3, a.l[3], bi);
        t4 = _mm512_madd52hi_epu64(t4, a.l[3], bi);
        t4 = _mm512_madd52lo_epu64(t4, a.l[4], bi);
        t5 = _mm512_madd52hi_epu64(t5, a.l[4], bi);
        /* q = t0 * -r^-1 clears the low 52 bits of t0 (48 in the last round) */
        __m512i q = _mm512_madd52lo_epu64(zero, t0, inv);
        if (i == 4)
            q = _mm512_and_si512(q, _mm512_set1_epi64(0xffffffffffffLL));
        t0 = _mm512_madd52lo_epu64(t0, q, fr52_modulus(0));
        t1 = _mm512_madd52hi_epu64(t1, q, fr52_modulus(0));
        t1 = _mm512_madd52lo_epu64(t1, q, fr52_modulus(1));
        t2 = _mm512_madd52hi_epu64(t2, q, fr52_modulus(1));
        t2 = _mm512_madd52lo_epu64(t2, q, fr52_modulus(2));
        t3 = _mm512_madd52hi_epu64(t3, q, fr52_modulus(2));
        t3 = _mm512_madd52lo_epu64(t3, q, fr52_modulus(3));
        t4 = _mm512_madd52hi_epu64(t4, q, fr52_modulus(3));
        t4 = _mm512_madd52lo_epu64(t4, q, fr52_modulus(4));
        t5 = _mm512_madd52hi_epu64(t5, q, fr52_modulus(4));
        if (i < 4) {
            t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
            t0 = t1, t1 = t2, t2 = t3, t3 = t4, t4 = t5, t5 = zero;
        }
    }
    /* Carry through, then drop the 48 low zero bits: limb j takes bits 52j + 48 ... */
    t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
    t0 = _mm512_and_si512(t0, m);
    t2 = _mm512_add_epi64(t2, _mm512_srli_epi64(t1, 52));
    t1 = _mm512_and_si512(t1, m);
    t3 = _mm512_add_epi64(t3, _mm512_srli_epi64(t2, 52));
    t2 = _mm512_and_si512(t2, m);
    t4 = _mm512_add_epi64(t4, _mm512_srli_epi64(t3, 52));
    t3 = _mm512_and_si512(t3, m);
    t5 = _mm512_add_epi64(t5, _mm512_srli_epi64(t4, 52));
    t4 = _mm512_and_si512(t4, m);
    fr52 r;
    r.l[0] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(t0, 48), _mm512_slli_epi64(t1, 4)), m);
    r.l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(t1, 48), _mm512_slli_epi64(t2, 4)), m);
    r.l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(t2, 48), _mm512_slli_epi64(t3, 4)), m);
    r.l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(t3, 48), _mm512_slli_epi64(t4, 4)), m);
    r.l[4] = _mm512_or_si512(_mm512_srli_epi64(t4, 48), _mm512_slli_epi64(t5, 4));
    return fr52_reduce_once(r);
}

#endif
