/*
 * Montgomery arithmetic on 4 x 64-bit limbs, shared by Fq and Fr.
 *
 * Every function takes the field description (`mont_field`) as a pointer to a constant
 * table; the functions are always inlined, so the compiler sees the modulus limbs as
 * immediates and each field gets its own specialised code from this one implementation.
 *
 * Both BN254 moduli are < 2^254, so the top bits of the top limb are spare: a sum of two
 * reduced elements never overflows 256 bits, a product may take one such unreduced sum as
 * a factor (mont_mul), and sums of double-width products can be reduced once (mont_redc)
 * -- the tower uses that to save reductions.
 */
#ifndef BN254_FIELD_IMPL_H
#define BN254_FIELD_IMPL_H

#include <stddef.h>
#include <stdint.h>

#define BN254_INLINE static inline __attribute__((always_inline))

/* The 4-round loops must be unrolled for the modulus limbs to fold into the code. */
#if defined(__clang__)
#define BN254_UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__)
#define BN254_UNROLL _Pragma("GCC unroll 8")
#else
#define BN254_UNROLL
#endif

typedef unsigned __int128 u128;

#ifndef __has_builtin
#define __has_builtin(x) 0
#endif

/* Add with carry in and out; the builtin keeps clang's carry chains in the flags. */
BN254_INLINE uint64_t addc(uint64_t a, uint64_t b, uint64_t *carry)
{
#if __has_builtin(__builtin_addcll)
    unsigned long long c;
    uint64_t s = __builtin_addcll(a, b, *carry, &c);
    *carry = c;
    return s;
#else
    u128 s = (u128)a + b + *carry;
    *carry = (uint64_t)(s >> 64);
    return (uint64_t)s;
#endif
}

/* Subtract with borrow in and out (borrow is 0 or 1). */
BN254_INLINE uint64_t subb(uint64_t a, uint64_t b, uint64_t *borrow)
{
#if __has_builtin(__builtin_subcll)
    unsigned long long c;
    uint64_t d = __builtin_subcll(a, b, *borrow, &c);
    *borrow = c;
    return d;
#else
    u128 d = (u128)a - b - *borrow;
    *borrow = (uint64_t)(d >> 64) & 1;
    return (uint64_t)d;
#endif
}

typedef struct {
    uint64_t m[4];         /* modulus */
    uint64_t inv;          /* -m^-1 mod 2^64 */
    uint64_t one[4];       /* 2^256 mod m: 1 in Montgomery form */
    uint64_t r2[4];        /* 2^512 mod m: maps x to Montgomery form */
    uint64_t r3[4];        /* 2^768 mod m: maps the high half of a wide integer */
    uint64_t m_minus_2[4]; /* Fermat exponent for inversion */
} mont_field;

/* r = a >= m ? a - m : a, for a < 2m. */
BN254_INLINE void mont_reduce_once(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++)
        d[i] = subb(a[i], f->m[i], &borrow);
    /* borrow set means a < m: keep a. */
    uint64_t keep = 0 - borrow;
    for (int i = 0; i < 4; i++)
        r[i] = (a[i] & keep) | (d[i] & ~keep);
}

BN254_INLINE void mont_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont_field *f)
{
    uint64_t s[4], carry = 0;
    for (int i = 0; i < 4; i++)
        s[i] = addc(a[i], b[i], &carry);
    mont_reduce_once(r, s, f);
}

/* r = a + b without reduction: < 2m for reduced inputs, a valid mont_mul factor. */
BN254_INLINE void limb_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++)
        r[i] = addc(a[i], b[i], &carry);
}

BN254_INLINE void mont_dbl(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    uint64_t s[4];
    s[3] = (a[3] << 1) | (a[2] >> 63);
    s[2] = (a[2] << 1) | (a[1] >> 63);
    s[1] = (a[1] << 1) | (a[0] >> 63);
    s[0] = a[0] << 1;
    mont_reduce_once(r, s, f);
}

BN254_INLINE void mont_sub(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont_field *f)
{
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++)
        d[i] = subb(a[i], b[i], &borrow);
    /* On borrow the difference wrapped by 2^256: adding m brings it back into [0, m). */
    uint64_t mask = 0 - borrow, carry = 0;
    for (int i = 0; i < 4; i++)
        r[i] = addc(d[i], f->m[i] & mask, &carry);
}

BN254_INLINE void mont_neg(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    uint64_t d[4], borrow = 0;
    for (int i = 0; i < 4; i++)
        d[i] = subb(f->m[i], a[i], &borrow);
    /* -0 must be 0, not m. */
    uint64_t nz = a[0] | a[1] | a[2] | a[3];
    uint64_t mask = 0 - (uint64_t)(nz != 0);
    for (int i = 0; i < 4; i++)
        r[i] = d[i] & mask;
}

/*
 * r = a * b / 2^256 mod m (CIOS) for a, b < 2^256 with a * b < m * 2^256: one factor may
 * be an unreduced sum (< 2m) when the other is reduced. Output < m.
 * Each round adds a * b[i], then m * (t0 * -m^-1 mod 2^64) and drops the zero low word.
 * The hardware multiplier is the bottleneck here (36 products), so the additions are
 * kept as two plain carry chains per round (low and high product halves).
 */
BN254_INLINE void mont_mul_portable(uint64_t r[4], const uint64_t a[4], const uint64_t b[4],
                                    const mont_field *f)
{
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4, c;
    BN254_UNROLL
    for (int i = 0; i < 4; i++) {
        u128 p0 = (u128)a[0] * b[i], p1 = (u128)a[1] * b[i];
        u128 p2 = (u128)a[2] * b[i], p3 = (u128)a[3] * b[i];
        c = 0;
        t0 = addc(t0, (uint64_t)p0, &c);
        t1 = addc(t1, (uint64_t)p1, &c);
        t2 = addc(t2, (uint64_t)p2, &c);
        t3 = addc(t3, (uint64_t)p3, &c);
        t4 = c;
        c = 0;
        t1 = addc(t1, (uint64_t)(p0 >> 64), &c);
        t2 = addc(t2, (uint64_t)(p1 >> 64), &c);
        t3 = addc(t3, (uint64_t)(p2 >> 64), &c);
        t4 += (uint64_t)(p3 >> 64) + c;

        uint64_t m = t0 * f->inv;
        u128 q0 = (u128)m * f->m[0], q1 = (u128)m * f->m[1];
        u128 q2 = (u128)m * f->m[2], q3 = (u128)m * f->m[3];
        /* t0 + lo(q0) = 0 mod 2^64 by the choice of m, so it carries exactly when t0 != 0 */
        c = t0 != 0;
        t0 = addc(t1, (uint64_t)q1, &c);
        t1 = addc(t2, (uint64_t)q2, &c);
        t2 = addc(t3, (uint64_t)q3, &c);
        t3 = t4 + c;
        c = 0;
        t0 = addc(t0, (uint64_t)(q0 >> 64), &c);
        t1 = addc(t1, (uint64_t)(q1 >> 64), &c);
        t2 = addc(t2, (uint64_t)(q2 >> 64), &c);
        t3 += (uint64_t)(q3 >> 64) + c;
    }
    const uint64_t t[4] = {t0, t1, t2, t3};
    mont_reduce_once(r, t, f);
}

/* w = a * b as a 512-bit integer (schoolbook), for callers that reduce a sum of products once. */
BN254_INLINE void wide_mul_portable(uint64_t w[8], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t c;
    u128 x;
    x = (u128)a[0] * b[0];            w[0] = (uint64_t)x; c = (uint64_t)(x >> 64);
    x = (u128)a[1] * b[0] + c;        w[1] = (uint64_t)x; c = (uint64_t)(x >> 64);
    x = (u128)a[2] * b[0] + c;        w[2] = (uint64_t)x; c = (uint64_t)(x >> 64);
    x = (u128)a[3] * b[0] + c;        w[3] = (uint64_t)x; w[4] = (uint64_t)(x >> 64);
    BN254_UNROLL
    for (int i = 1; i < 4; i++) {
        u128 p0 = (u128)a[0] * b[i], p1 = (u128)a[1] * b[i];
        u128 p2 = (u128)a[2] * b[i], p3 = (u128)a[3] * b[i];
        c = 0;
        w[i] = addc(w[i], (uint64_t)p0, &c);
        w[i + 1] = addc(w[i + 1], (uint64_t)p1, &c);
        w[i + 2] = addc(w[i + 2], (uint64_t)p2, &c);
        w[i + 3] = addc(w[i + 3], (uint64_t)p3, &c);
        w[i + 4] = c;
        c = 0;
        w[i + 1] = addc(w[i + 1], (uint64_t)(p0 >> 64), &c);
        w[i + 2] = addc(w[i + 2], (uint64_t)(p1 >> 64), &c);
        w[i + 3] = addc(w[i + 3], (uint64_t)(p2 >> 64), &c);
        w[i + 4] += (uint64_t)(p3 >> 64) + c;
    }
}

/* r = a - b for a >= b. */
BN254_INLINE void wide_sub(uint64_t r[8], const uint64_t a[8], const uint64_t b[8])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++)
        r[i] = subb(a[i], b[i], &borrow);
}

/* r = a - b mod m * 2^256, for a, b < m * 2^256: the result stays a valid input of mont_redc. */
BN254_INLINE void wide_sub_mod(uint64_t r[8], const uint64_t a[8], const uint64_t b[8], const mont_field *f)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++)
        r[i] = subb(a[i], b[i], &borrow);
    uint64_t mask = 0 - borrow, c = 0;
    for (int i = 0; i < 4; i++)
        r[i + 4] = addc(r[i + 4], f->m[i] & mask, &c);
}

/*
 * r = w / 2^256 mod m for a 512-bit w < m * 2^256 (Montgomery reduction of a full
 * product, or of a sum of products reduced once). Output < m.
 */
BN254_INLINE void mont_redc_portable(uint64_t r[4], const uint64_t w[8], const mont_field *f)
{
    uint64_t t[8];
    for (int i = 0; i < 8; i++)
        t[i] = w[i];
    uint64_t top = 0; /* carry out of limb i+4 from round i, added in the next round */
    BN254_UNROLL
    for (int i = 0; i < 4; i++) {
        uint64_t m = t[i] * f->inv;
        u128 q0 = (u128)m * f->m[0], q1 = (u128)m * f->m[1];
        u128 q2 = (u128)m * f->m[2], q3 = (u128)m * f->m[3];
        uint64_t c = t[i] != 0; /* t[i] + lo(q0) = 0 mod 2^64 */
        t[i + 1] = addc(t[i + 1], (uint64_t)q1, &c);
        t[i + 2] = addc(t[i + 2], (uint64_t)q2, &c);
        t[i + 3] = addc(t[i + 3], (uint64_t)q3, &c);
        t[i + 4] = addc(t[i + 4], top, &c);
        top = c;
        c = 0;
        t[i + 1] = addc(t[i + 1], (uint64_t)(q0 >> 64), &c);
        t[i + 2] = addc(t[i + 2], (uint64_t)(q1 >> 64), &c);
        t[i + 3] = addc(t[i + 3], (uint64_t)(q2 >> 64), &c);
        t[i + 4] = addc(t[i + 4], (uint64_t)(q3 >> 64), &c);
        top += c;
    }
    /* w < m * 2^256 keeps the result < 2m, so `top` is zero here. */
    mont_reduce_once(r, t + 4, f);
}

#include "field_adx.h"

/* The products above, by MULX/ADCX/ADOX on x86-64 CPUs that have them (field_adx.h) when the
   kernel selection of bn254.h allows it: the flag is read on every call, a branch that is
   always predicted, so the choice needs no second copy of the callers. */
BN254_INLINE void mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont_field *f)
{
#ifdef BN254_FIELD_ADX
    if (bn254_field_uses_adx) {
        mont_mul_adx(r, a, b, f);
        return;
    }
#endif
    mont_mul_portable(r, a, b, f);
}

BN254_INLINE void wide_mul(uint64_t w[8], const uint64_t a[4], const uint64_t b[4])
{
#ifdef BN254_FIELD_ADX
    if (bn254_field_uses_adx) {
        wide_mul_adx(w, a, b);
        return;
    }
#endif
    wide_mul_portable(w, a, b);
}

BN254_INLINE void mont_redc(uint64_t r[4], const uint64_t w[8], const mont_field *f)
{
#ifdef BN254_FIELD_ADX
    if (bn254_field_uses_adx) {
        mont_redc_adx(r, w, f);
        return;
    }
#endif
    mont_redc_portable(r, w, f);
}

/*
 * r = a^2 / 2^256 mod m. A dedicated squaring (10 products for a^2 instead of 16) was
 * measured slower here (22.6 vs 20.4 ns): its separate reduction runs four dependent
 * rounds after the product, while CIOS overlaps product and reduction.
 */
BN254_INLINE void mont_sqr(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    mont_mul(r, a, a, f);
}

BN254_INLINE int mont_is_zero(const uint64_t a[4])
{
    return (a[0] | a[1] | a[2] | a[3]) == 0;
}

BN254_INLINE int mont_eq(const uint64_t a[4], const uint64_t b[4])
{
    return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2]) | (a[3] ^ b[3])) == 0;
}

/* 1 when the plain integer x (4 limbs) is < m. */
BN254_INLINE int mont_is_canonical(const uint64_t x[4], const mont_field *f)
{
    for (int i = 3; i >= 0; i--) {
        if (x[i] != f->m[i])
            return x[i] < f->m[i];
    }
    return 0;
}

BN254_INLINE void mont_copy(uint64_t r[4], const uint64_t a[4])
{
    for (int i = 0; i < 4; i++)
        r[i] = a[i];
}

/* r = a^e with e a plain integer of n limbs; fixed 4-bit window, variable time in e. */
BN254_INLINE void mont_pow(uint64_t r[4], const uint64_t a[4], const uint64_t *e, size_t n,
                           const mont_field *f)
{
    uint64_t table[16][4];
    mont_copy(table[0], f->one);
    mont_copy(table[1], a);
    for (int i = 2; i < 16; i++)
        mont_mul(table[i], table[i - 1], a, f);
    uint64_t acc[4];
    mont_copy(acc, f->one);
    int started = 0;
    for (size_t i = n; i-- > 0;) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            unsigned nib = (unsigned)(e[i] >> shift) & 15;
            if (started) {
                mont_sqr(acc, acc, f);
                mont_sqr(acc, acc, f);
                mont_sqr(acc, acc, f);
                mont_sqr(acc, acc, f);
            }
            if (nib) {
                mont_mul(acc, acc, table[nib], f);
                started = 1;
            }
        }
    }
    mont_copy(r, acc);
}

/* x mod m for any 256-bit x (m > 2^253, so at most five subtractions). */
BN254_INLINE void mont_reduce_full(uint64_t r[4], const uint64_t x[4], const mont_field *f)
{
    uint64_t t[4];
    mont_copy(t, x);
    while (!mont_is_canonical(t, f)) {
        uint64_t borrow = 0;
        for (int i = 0; i < 4; i++)
            t[i] = subb(t[i], f->m[i], &borrow);
    }
    mont_copy(r, t);
}

BN254_INLINE void mont_from_canonical(uint64_t r[4], const uint64_t x[4], const mont_field *f)
{
    mont_mul(r, x, f->r2, f);
}

BN254_INLINE void mont_to_canonical(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    static const uint64_t plain_one[4] = {1, 0, 0, 0};
    mont_mul(r, a, plain_one, f);
}

/* lo + hi * 2^256 mod m, in Montgomery form. */
BN254_INLINE void mont_from_wide(uint64_t r[4], const uint64_t lo[4], const uint64_t hi[4],
                                 const mont_field *f)
{
    uint64_t l[4], h[4];
    mont_reduce_full(l, lo, f);
    mont_reduce_full(h, hi, f);
    mont_mul(l, l, f->r2, f); /* l * R */
    mont_mul(h, h, f->r3, f); /* h * 2^256 * R */
    mont_add(r, l, h, f);
}

BN254_INLINE int mont_inv(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    if (mont_is_zero(a)) {
        for (int i = 0; i < 4; i++)
            r[i] = 0;
        return 0;
    }
    mont_pow(r, a, f->m_minus_2, 4, f);
    return 1;
}

/*
 * Montgomery's trick over an array of 4-limb elements. Zeros are skipped (they stay zero)
 * so one zero does not poison the whole batch.
 */
BN254_INLINE void mont_batch_inv(uint64_t (*out)[4], const uint64_t (*in)[4], size_t n,
                                 uint64_t (*scratch)[4], const mont_field *f)
{
    uint64_t acc[4];
    mont_copy(acc, f->one);
    for (size_t i = 0; i < n; i++) {
        mont_copy(scratch[i], acc); /* product of the non-zero in[0..i) */
        if (!mont_is_zero(in[i]))
            mont_mul(acc, acc, in[i], f);
    }
    mont_inv(acc, acc, f);
    for (size_t i = n; i-- > 0;) {
        if (mont_is_zero(in[i])) {
            for (int k = 0; k < 4; k++)
                out[i][k] = 0;
            continue;
        }
        uint64_t x[4];
        mont_copy(x, in[i]); /* in and out may be the same array */
        mont_mul(out[i], acc, scratch[i], f);
        mont_mul(acc, acc, x, f);
    }
}

BN254_INLINE void mont_load_le(uint64_t x[4], const uint8_t in[32])
{
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int b = 7; b >= 0; b--)
            w = (w << 8) | in[8 * i + b];
        x[i] = w;
    }
}

BN254_INLINE void mont_load_be(uint64_t x[4], const uint8_t in[32])
{
    for (int i = 0; i < 4; i++) {
        uint64_t w = 0;
        for (int b = 0; b < 8; b++)
            w = (w << 8) | in[8 * (3 - i) + b];
        x[i] = w;
    }
}

BN254_INLINE void mont_store_le(uint8_t out[32], const uint64_t x[4])
{
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 8; b++)
            out[8 * i + b] = (uint8_t)(x[i] >> (8 * b));
}

BN254_INLINE void mont_store_be(uint8_t out[32], const uint64_t x[4])
{
    for (int i = 0; i < 4; i++)
        for (int b = 0; b < 8; b++)
            out[8 * (3 - i) + b] = (uint8_t)(x[i] >> (8 * (7 - b)));
}

#endif
