/*
 * Eight Fq elements at once with AVX-512 IFMA (52-bit multiply-accumulate), for the
 * batched additions of g1_batch_add_ifma.c. Only code compiled for these instructions may
 * include this header, and only after a run-time check that the CPU has them.
 *
 * An element is five 52-bit limbs, one 8-lane vector per limb. Multiplication is
 * Montgomery's with R = 2^260, while stored points are Montgomery with R = 2^256: loading
 * stored limbs unchanged therefore reads the element x as x / 16. The batched additions
 * work with those scaled values (see there), which saves a conversion per load and store.
 *
 * Bounds: "normalized" limbs are < 2^52. v_mul accepts any normalized inputs below 2^256
 * and returns a normalized value below 2p; the other functions state theirs.
 */
#ifndef BN254_MSM_IFMA_FIELD_H
#define BN254_MSM_IFMA_FIELD_H

#include <immintrin.h>
#include <stdint.h>

#define IFMA_TARGET __attribute__((target("avx512f,avx512vl,avx512ifma")))
#define IFMA_INLINE static inline __attribute__((always_inline, target("avx512f,avx512vl,avx512ifma")))

typedef struct {
    __m512i l[5];
} vfp;

/* p in radix 2^52, -p^-1 mod 2^52, and 2p with limbs 0..3 raised by 2^52 (borrowed from
   the next limb) so that a + 2p - b has no negative limb for normalized a, b. */
#define IFMA_P0 0x8c16d87cfd47ULL
#define IFMA_P1 0x916871ca8d3c2ULL
#define IFMA_P2 0x181585d97816aULL
#define IFMA_P3 0xa029b85045b68ULL
#define IFMA_P4 0x30644e72e131ULL
#define IFMA_PINV 0x20782e4866389ULL
#define IFMA_MASK ((1ULL << 52) - 1)

IFMA_INLINE __m512i splat(uint64_t x) { return _mm512_set1_epi64((long long)x); }

IFMA_INLINE vfp v_modulus(void)
{
    return (vfp){{splat(IFMA_P0), splat(IFMA_P1), splat(IFMA_P2), splat(IFMA_P3), splat(IFMA_P4)}};
}

/* Four 64-bit limbs (one vector each) to five 52-bit limbs. */
IFMA_INLINE vfp v_from_words(__m512i w0, __m512i w1, __m512i w2, __m512i w3)
{
    const __m512i m = splat(IFMA_MASK);
    vfp r;
    r.l[0] = _mm512_and_si512(w0, m);
    r.l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w0, 52), _mm512_slli_epi64(w1, 12)), m);
    r.l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w1, 40), _mm512_slli_epi64(w2, 24)), m);
    r.l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w2, 28), _mm512_slli_epi64(w3, 36)), m);
    r.l[4] = _mm512_srli_epi64(w3, 16);
    return r;
}

/* r[k][l] <- r[l][k] for an 8 x 8 matrix of 64-bit words: points (one per row, as loaded)
   to coordinates limb by limb (one per vector), and back. */
IFMA_INLINE void v_transpose8(__m512i r[8])
{
    const __m512i pairs_lo = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
    const __m512i pairs_hi = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    const __m512i halves_lo = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const __m512i halves_hi = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    __m512i a[8], b[8];
    for (int i = 0; i < 8; i += 2) {
        a[i] = _mm512_unpacklo_epi64(r[i], r[i + 1]);
        a[i + 1] = _mm512_unpackhi_epi64(r[i], r[i + 1]);
    }
    for (int i = 0; i < 8; i += 4) {
        b[i] = _mm512_permutex2var_epi64(a[i], pairs_lo, a[i + 2]);
        b[i + 1] = _mm512_permutex2var_epi64(a[i + 1], pairs_lo, a[i + 3]);
        b[i + 2] = _mm512_permutex2var_epi64(a[i], pairs_hi, a[i + 2]);
        b[i + 3] = _mm512_permutex2var_epi64(a[i + 1], pairs_hi, a[i + 3]);
    }
    for (int i = 0; i < 4; i++) {
        r[i] = _mm512_permutex2var_epi64(b[i], halves_lo, b[i + 4]);
        r[i + 4] = _mm512_permutex2var_epi64(b[i], halves_hi, b[i + 4]);
    }
}

/* Packs normalized limbs of a < 2^256 into four 64-bit words. */
IFMA_INLINE void v_to_words(__m512i w[4], const vfp *a)
{
    w[0] = _mm512_or_si512(a->l[0], _mm512_slli_epi64(a->l[1], 52));
    w[1] = _mm512_or_si512(_mm512_srli_epi64(a->l[1], 12), _mm512_slli_epi64(a->l[2], 40));
    w[2] = _mm512_or_si512(_mm512_srli_epi64(a->l[2], 24), _mm512_slli_epi64(a->l[3], 28));
    w[3] = _mm512_or_si512(_mm512_srli_epi64(a->l[3], 36), _mm512_slli_epi64(a->l[4], 16));
}

/* Carries limb overflow upwards (limbs treated as signed); the top limb keeps the rest. */
IFMA_INLINE void v_carry(vfp *a)
{
    const __m512i m = splat(IFMA_MASK);
    for (int i = 0; i < 4; i++) {
        a->l[i + 1] = _mm512_add_epi64(a->l[i + 1], _mm512_srai_epi64(a->l[i], 52));
        a->l[i] = _mm512_and_si512(a->l[i], m);
    }
}

/*
 * a b / 2^260 mod p, operand scanning: each round adds a b_i, then the multiple m p of the
 * modulus that clears the lowest limb, and drops that limb. Limb sums stay below 2^58,
 * so the 64-bit accumulators need no carries until the end.
 */
IFMA_INLINE vfp v_mul(const vfp *a, const vfp *b)
{
    const vfp p = v_modulus();
    const __m512i pinv = splat(IFMA_PINV), zero = _mm512_setzero_si512();
    __m512i t0 = zero, t1 = zero, t2 = zero, t3 = zero, t4 = zero, t5 = zero;
    for (int i = 0; i < 5; i++) {
        __m512i bi = b->l[i];
        t0 = _mm512_madd52lo_epu64(t0, a->l[0], bi);
        t1 = _mm512_madd52lo_epu64(t1, a->l[1], bi);
        t2 = _mm512_madd52lo_epu64(t2, a->l[2], bi);
        t3 = _mm512_madd52lo_epu64(t3, a->l[3], bi);
        t4 = _mm512_madd52lo_epu64(t4, a->l[4], bi);
        t1 = _mm512_madd52hi_epu64(t1, a->l[0], bi);
        t2 = _mm512_madd52hi_epu64(t2, a->l[1], bi);
        t3 = _mm512_madd52hi_epu64(t3, a->l[2], bi);
        t4 = _mm512_madd52hi_epu64(t4, a->l[3], bi);
        t5 = _mm512_madd52hi_epu64(t5, a->l[4], bi);
        __m512i m = _mm512_madd52lo_epu64(zero, t0, pinv);
        t0 = _mm512_madd52lo_epu64(t0, m, p.l[0]);
        t1 = _mm512_madd52lo_epu64(t1, m, p.l[1]);
        t2 = _mm512_madd52lo_epu64(t2, m, p.l[2]);
        t3 = _mm512_madd52lo_epu64(t3, m, p.l[3]);
        t4 = _mm512_madd52lo_epu64(t4, m, p.l[4]);
        t1 = _mm512_madd52hi_epu64(t1, m, p.l[0]);
        t2 = _mm512_madd52hi_epu64(t2, m, p.l[1]);
        t3 = _mm512_madd52hi_epu64(t3, m, p.l[2]);
        t4 = _mm512_madd52hi_epu64(t4, m, p.l[3]);
        t5 = _mm512_madd52hi_epu64(t5, m, p.l[4]);
        /* t0 is now a multiple of 2^52: shift the accumulator down one limb */
        t0 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
        t1 = t2;
        t2 = t3;
        t3 = t4;
        t4 = t5;
        t5 = zero;
    }
    vfp r = {{t0, t1, t2, t3, t4}};
    v_carry(&r);
    return r;
}

/* a - p where that is >= 0, else a: for a normalized a < 2p, the canonical value. */
IFMA_INLINE vfp v_canonical(const vfp *a)
{
    const vfp p = v_modulus();
    vfp d;
    for (int i = 0; i < 5; i++)
        d.l[i] = _mm512_sub_epi64(a->l[i], p.l[i]);
    v_carry(&d);
    __mmask8 keep = _mm512_cmplt_epi64_mask(d.l[4], _mm512_setzero_si512()); /* negative: a < p */
    vfp r;
    for (int i = 0; i < 5; i++)
        r.l[i] = _mm512_mask_blend_epi64(keep, d.l[i], a->l[i]);
    return r;
}

/* a - b mod p for canonical a, b; canonical result. */
IFMA_INLINE vfp v_sub(const vfp *a, const vfp *b)
{
    const vfp p = v_modulus();
    vfp d;
    for (int i = 0; i < 5; i++)
        d.l[i] = _mm512_sub_epi64(a->l[i], b->l[i]);
    v_carry(&d);
    __mmask8 negative = _mm512_cmplt_epi64_mask(d.l[4], _mm512_setzero_si512());
    for (int i = 0; i < 5; i++)
        d.l[i] = _mm512_mask_add_epi64(d.l[i], negative, d.l[i], p.l[i]);
    v_carry(&d);
    return d;
}

/* a - b + 2p for normalized a, b < 2p: a normalized value in (0, 4p), a v_mul operand. */
IFMA_INLINE vfp v_sub_lazy(const vfp *a, const vfp *b)
{
    static const uint64_t two_p[5] = {0x11182db0f9fa8eULL, 0x122d0e3951a783ULL, 0x1302b0bb2f02d4ULL,
                                      0x1405370a08b6cfULL, 0x60c89ce5c262ULL};
    vfp d;
    for (int i = 0; i < 5; i++)
        d.l[i] = _mm512_sub_epi64(_mm512_add_epi64(a->l[i], splat(two_p[i])), b->l[i]);
    v_carry(&d);
    return d;
}

/* 2^k a for normalized a < 2^(256 - k): normalized, not reduced. */
IFMA_INLINE vfp v_shift(const vfp *a, unsigned k)
{
    vfp r;
    for (int i = 0; i < 5; i++)
        r.l[i] = _mm512_slli_epi64(a->l[i], k);
    v_carry(&r);
    return r;
}

/* Lanes where the canonical a is 0. */
IFMA_INLINE __mmask8 v_is_zero(const vfp *a)
{
    __m512i any = _mm512_or_si512(_mm512_or_si512(a->l[0], a->l[1]),
                                  _mm512_or_si512(_mm512_or_si512(a->l[2], a->l[3]), a->l[4]));
    return _mm512_testn_epi64_mask(any, any);
}

/* -a in the lanes of `lanes` for canonical nonzero a (p - a is then canonical). */
IFMA_INLINE vfp v_neg_lanes(const vfp *a, __mmask8 lanes)
{
    const vfp p = v_modulus();
    vfp d;
    for (int i = 0; i < 5; i++)
        d.l[i] = _mm512_sub_epi64(p.l[i], a->l[i]);
    v_carry(&d);
    vfp r;
    for (int i = 0; i < 5; i++)
        r.l[i] = _mm512_mask_blend_epi64(lanes, a->l[i], d.l[i]);
    return r;
}

IFMA_INLINE vfp v_blend(__mmask8 lanes, const vfp *a, const vfp *b)
{
    vfp r;
    for (int i = 0; i < 5; i++)
        r.l[i] = _mm512_mask_blend_epi64(lanes, a->l[i], b->l[i]);
    return r;
}

#endif
