/*
 * Point encodings; the formats, their sources and the rejection rules are documented in
 * docs/encodings.md.
 *   uncompressed: the Ethereum precompile layout (EIP-196/197), big-endian, no flags,
 *                 infinity = all zeros.
 *   compressed:   mcl's serialization on alt_bn128: x little-endian, bit 7 of the last
 *                 byte = parity of y (of y.c0 in G2), bit 6 reserved, infinity = all zeros.
 */
#include "curve_internal.h"

#include <string.h>

static int all_zero(const uint8_t *in, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= in[i];
    return acc == 0;
}

static int fp_is_odd(const bn254_fp *a)
{
    uint64_t x[4];
    bn254_fp_to_canonical(x, a);
    return (int)(x[0] & 1);
}

/* ------------------------------------------------------------------ uncompressed */

void bn254_g1_encode(uint8_t out[64], const bn254_g1_affine *a)
{
    bn254_fp_to_bytes_be(out, &a->x);
    bn254_fp_to_bytes_be(out + 32, &a->y);
}

bn254_status bn254_g1_decode(bn254_g1_affine *r, const uint8_t in[64])
{
    bn254_g1_affine p;
    if (bn254_fp_from_bytes_be(&p.x, in) != BN254_OK || bn254_fp_from_bytes_be(&p.y, in + 32) != BN254_OK)
        return BN254_ERR_NONCANONICAL;
    if (!bn254_g1_affine_is_infinity(&p) && !bn254_g1_affine_is_on_curve(&p))
        return BN254_ERR_NOT_ON_CURVE;
    *r = p;
    return BN254_OK;
}

void bn254_g2_encode(uint8_t out[128], const bn254_g2_affine *a)
{
    bn254_fp_to_bytes_be(out, &a->x.c1);
    bn254_fp_to_bytes_be(out + 32, &a->x.c0);
    bn254_fp_to_bytes_be(out + 64, &a->y.c1);
    bn254_fp_to_bytes_be(out + 96, &a->y.c0);
}

/* On-curve and subgroup checks of a decoded G2 point (infinity passes both). */
static bn254_status g2_validate(const bn254_g2_affine *p, int check_curve)
{
    if (bn254_g2_affine_is_infinity(p))
        return BN254_OK;
    if (check_curve && !bn254_g2_affine_is_on_curve(p))
        return BN254_ERR_NOT_ON_CURVE;
    bn254_g2 j;
    bn254_g2_from_affine(&j, p);
    return bn254_g2_is_in_subgroup(&j) ? BN254_OK : BN254_ERR_NOT_IN_SUBGROUP;
}

bn254_status bn254_g2_decode(bn254_g2_affine *r, const uint8_t in[128])
{
    bn254_g2_affine p;
    if (bn254_fp_from_bytes_be(&p.x.c1, in) != BN254_OK || bn254_fp_from_bytes_be(&p.x.c0, in + 32) != BN254_OK ||
        bn254_fp_from_bytes_be(&p.y.c1, in + 64) != BN254_OK || bn254_fp_from_bytes_be(&p.y.c0, in + 96) != BN254_OK)
        return BN254_ERR_NONCANONICAL;
    bn254_status s = g2_validate(&p, 1);
    if (s == BN254_OK)
        *r = p;
    return s;
}

/* ------------------------------------------------------------------ compressed */

#define FLAG_Y_ODD 0x80
#define FLAG_RESERVED 0x40

void bn254_g1_encode_compressed(uint8_t out[32], const bn254_g1_affine *a)
{
    if (bn254_g1_affine_is_infinity(a)) {
        memset(out, 0, 32);
        return;
    }
    bn254_fp_to_bytes_le(out, &a->x);
    if (fp_is_odd(&a->y))
        out[31] |= FLAG_Y_ODD;
}

/* Splits off the flag bits of the top byte; x's own top bits are 0 since p < 2^254. */
static bn254_status read_flags(uint8_t x[32], int *y_odd, const uint8_t in[32])
{
    memcpy(x, in, 32);
    if (x[31] & FLAG_RESERVED)
        return BN254_ERR_BAD_FLAGS;
    *y_odd = (x[31] & FLAG_Y_ODD) != 0;
    x[31] &= (uint8_t)~FLAG_Y_ODD;
    return BN254_OK;
}

bn254_status bn254_g1_decode_compressed(bn254_g1_affine *r, const uint8_t in[32])
{
    uint8_t xb[32];
    int y_odd;
    if (read_flags(xb, &y_odd, in) != BN254_OK)
        return BN254_ERR_BAD_FLAGS;
    if (all_zero(xb, 32)) {
        /* x = 0 is not on the curve, so zero bytes mean infinity; a flag with it is invalid */
        if (y_odd)
            return BN254_ERR_BAD_FLAGS;
        memset(r, 0, sizeof *r);
        return BN254_OK;
    }
    bn254_g1_affine p;
    if (bn254_fp_from_bytes_le(&p.x, xb) != BN254_OK)
        return BN254_ERR_NONCANONICAL;
    bn254_fp rhs;
    bn254_fp_sqr(&rhs, &p.x);
    bn254_fp_mul(&rhs, &rhs, &p.x);
    bn254_fp_add(&rhs, &rhs, &bn254_g1_b);
    if (!bn254_fp_sqrt(&p.y, &rhs))
        return BN254_ERR_NOT_A_SQUARE;
    if (fp_is_odd(&p.y) != y_odd)
        bn254_fp_neg(&p.y, &p.y);
    *r = p;
    return BN254_OK;
}

/* mcl's "odd" for Fq2 looks at c0 only; for y.c0 = 0 both roots have even c0 (no G2
   point is known to have one), and the decoder then picks the root with even c1. */
static int fp2_is_odd(const bn254_fp2 *a) { return fp_is_odd(&a->c0); }

void bn254_g2_encode_compressed(uint8_t out[64], const bn254_g2_affine *a)
{
    if (bn254_g2_affine_is_infinity(a)) {
        memset(out, 0, 64);
        return;
    }
    bn254_fp_to_bytes_le(out, &a->x.c0);
    bn254_fp_to_bytes_le(out + 32, &a->x.c1);
    if (fp2_is_odd(&a->y))
        out[63] |= FLAG_Y_ODD;
}

bn254_status bn254_g2_decode_compressed(bn254_g2_affine *r, const uint8_t in[64])
{
    uint8_t hi[32];
    int y_odd;
    if (read_flags(hi, &y_odd, in + 32) != BN254_OK)
        return BN254_ERR_BAD_FLAGS;
    if (all_zero(in, 32) && all_zero(hi, 32)) {
        if (y_odd)
            return BN254_ERR_BAD_FLAGS;
        memset(r, 0, sizeof *r);
        return BN254_OK;
    }
    bn254_g2_affine p;
    if (bn254_fp_from_bytes_le(&p.x.c0, in) != BN254_OK || bn254_fp_from_bytes_le(&p.x.c1, hi) != BN254_OK)
        return BN254_ERR_NONCANONICAL;
    bn254_fp2 rhs;
    bn254_fp2_sqr(&rhs, &p.x);
    bn254_fp2_mul(&rhs, &rhs, &p.x);
    bn254_fp2_add(&rhs, &rhs, &bn254_g2_b);
    if (!bn254_fp2_sqrt(&p.y, &rhs))
        return BN254_ERR_NOT_A_SQUARE;
    int flip = bn254_fp_is_zero(&p.y.c0) ? fp_is_odd(&p.y.c1) : fp2_is_odd(&p.y) != y_odd;
    if (bn254_fp_is_zero(&p.y.c0) && y_odd)
        return BN254_ERR_BAD_FLAGS;
    if (flip)
        bn254_fp2_neg(&p.y, &p.y);
    bn254_status s = g2_validate(&p, 0);
    if (s == BN254_OK)
        *r = p;
    return s;
}
