/*
 * Montgomery arithmetic on 4 x 64-bit limbs, shared by Fq and Fr.
 *
 * Every function takes the field description (`mont_field`) as a pointer to a constant
 * table; the functions are always inlined, so the compiler sees the modulus limbs as
 * immediates and each field gets its own specialised code from this one implementation.
 *
 * Both BN254 moduli are < 2^254, so the top bit of the top limb is spare. That lets the
 * multiplication use the "no-carry" CIOS loop (one carry word fewer per round, see
 * gnark-crypto's "Faster big-integer modular multiplication for most moduli") and lets
 * additions of two reduced values never overflow 256 bits.
 */
#ifndef BN254_FIELD_IMPL_H
#define BN254_FIELD_IMPL_H

#include <stddef.h>
#include <stdint.h>

#define BN254_INLINE static inline __attribute__((always_inline))

typedef unsigned __int128 u128;

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
    uint64_t d[4];
    u128 t = 0;
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        t = (u128)a[i] - f->m[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    /* borrow set means a < m: keep a. */
    uint64_t keep = 0 - borrow;
    for (int i = 0; i < 4; i++)
        r[i] = (a[i] & keep) | (d[i] & ~keep);
}

BN254_INLINE void mont_add(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont_field *f)
{
    uint64_t s[4];
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] + b[i] + carry;
        s[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
    mont_reduce_once(r, s, f);
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
    uint64_t d[4];
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - b[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    /* On borrow the difference wrapped by 2^256: adding m brings it back into [0, m). */
    uint64_t mask = 0 - borrow;
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)d[i] + (f->m[i] & mask) + carry;
        r[i] = (uint64_t)t;
        carry = (uint64_t)(t >> 64);
    }
}

BN254_INLINE void mont_neg(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    uint64_t d[4];
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)f->m[i] - a[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    /* -0 must be 0, not m. */
    uint64_t nz = a[0] | a[1] | a[2] | a[3];
    uint64_t mask = 0 - (uint64_t)(nz != 0);
    for (int i = 0; i < 4; i++)
        r[i] = d[i] & mask;
}

/* r = a * b / 2^256 mod m (no-carry CIOS); inputs < m, output < m. */
BN254_INLINE void mont_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont_field *f)
{
    uint64_t t[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        u128 x = (u128)a[0] * b[i] + t[0];
        uint64_t A = (uint64_t)(x >> 64);
        uint64_t t0 = (uint64_t)x;
        uint64_t m = t0 * f->inv;
        x = (u128)m * f->m[0] + t0;
        uint64_t C = (uint64_t)(x >> 64);
        for (int j = 1; j < 4; j++) {
            x = (u128)a[j] * b[i] + t[j] + A;
            A = (uint64_t)(x >> 64);
            uint64_t tj = (uint64_t)x;
            x = (u128)m * f->m[j] + tj + C;
            C = (uint64_t)(x >> 64);
            t[j - 1] = (uint64_t)x;
        }
        t[3] = C + A;
    }
    mont_reduce_once(r, t, f);
}

/*
 * r = w / 2^256 mod m for a 512-bit w < m * 2^256 (Montgomery reduction of a full
 * product). Used by squaring and by callers that sum products before reducing.
 */
BN254_INLINE void mont_redc(uint64_t r[4], const uint64_t w[8], const mont_field *f)
{
    uint64_t t[8];
    for (int i = 0; i < 8; i++)
        t[i] = w[i];
    uint64_t top = 0; /* carry out of limb i+4 from round i, added in the next round */
    for (int i = 0; i < 4; i++) {
        uint64_t m = t[i] * f->inv;
        u128 x = (u128)m * f->m[0] + t[i];
        uint64_t c = (uint64_t)(x >> 64);
        for (int j = 1; j < 4; j++) {
            x = (u128)m * f->m[j] + t[i + j] + c;
            t[i + j] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        x = (u128)t[i + 4] + c + top;
        t[i + 4] = (uint64_t)x;
        top = (uint64_t)(x >> 64);
    }
    /* w < m * 2^256 keeps the result < 2m, so `top` is zero here. */
    mont_reduce_once(r, t + 4, f);
}

/* r = a^2 / 2^256 mod m: the symmetric cross products are computed once. */
BN254_INLINE void mont_sqr(uint64_t r[4], const uint64_t a[4], const mont_field *f)
{
    uint64_t w[8];
    u128 x;
    uint64_t c;
    /* cross products a[i]*a[j], i < j, into w[1..6] */
    x = (u128)a[0] * a[1];            w[1] = (uint64_t)x; c = (uint64_t)(x >> 64);
    x = (u128)a[0] * a[2] + c;        w[2] = (uint64_t)x; c = (uint64_t)(x >> 64);
    x = (u128)a[0] * a[3] + c;        w[3] = (uint64_t)x; w[4] = (uint64_t)(x >> 64);
    x = (u128)a[1] * a[2] + w[3];     w[3] = (uint64_t)x; c = (uint64_t)(x >> 64);
    x = (u128)a[1] * a[3] + w[4] + c; w[4] = (uint64_t)x; w[5] = (uint64_t)(x >> 64);
    x = (u128)a[2] * a[3] + w[5];     w[5] = (uint64_t)x; w[6] = (uint64_t)(x >> 64);
    /* double them */
    w[7] = w[6] >> 63;
    w[6] = (w[6] << 1) | (w[5] >> 63);
    w[5] = (w[5] << 1) | (w[4] >> 63);
    w[4] = (w[4] << 1) | (w[3] >> 63);
    w[3] = (w[3] << 1) | (w[2] >> 63);
    w[2] = (w[2] << 1) | (w[1] >> 63);
    w[1] = w[1] << 1;
    /* add the squares a[i]^2 at limb 2i */
    x = (u128)a[0] * a[0];                        w[0] = (uint64_t)x; c = (uint64_t)(x >> 64);
    x = (u128)w[1] + c;                           w[1] = (uint64_t)x; c = (uint64_t)(x >> 64);
    for (int i = 1; i < 4; i++) {
        x = (u128)a[i] * a[i] + w[2 * i] + c;     w[2 * i] = (uint64_t)x; c = (uint64_t)(x >> 64);
        x = (u128)w[2 * i + 1] + c;               w[2 * i + 1] = (uint64_t)x; c = (uint64_t)(x >> 64);
    }
    mont_redc(r, w, f);
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
        for (int i = 0; i < 4; i++) {
            u128 d = (u128)t[i] - f->m[i] - borrow;
            t[i] = (uint64_t)d;
            borrow = (uint64_t)(d >> 64) & 1;
        }
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
