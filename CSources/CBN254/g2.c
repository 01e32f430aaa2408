/* G2: the order-r subgroup of the D-type twist y^2 = x^3 + 3/(9+u) over Fq2. The twist
   has order r * h with a large cofactor h, so points on the curve need the subgroup check. */
#include "curve_internal.h"

static const bn254_fp2 fp2_one_mont = {{{BN254_FP_FIELD_ONE}}, {{0, 0, 0, 0}}};

/* b' = 3 / (9 + u), Montgomery form (computed with Python). */
const bn254_fp2 bn254_g2_b = {
    {{0x3bf938e377b802a8ULL, 0x020b1b273633535dULL, 0x26b7edf049755260ULL, 0x2514c6324384a86dULL}},
    {{0x38e7ecccd1dcff67ULL, 0x65f0b37d93ce0d3eULL, 0xd749d0dd22ac00aaULL, 0x0141b9ce4a688d4dULL}}};

#define FE bn254_fp2
#define FE_(op) fp2_##op
#define FE_INV bn254_fp2_inv
#define FE_ONE fp2_one_mont
#define PT bn254_g2
#define PA bn254_g2_affine
#define PT_(name) bn254_g2_##name
#define CURVE_B bn254_g2_b
#include "jacobian_impl.h"

/*
 * The EIP-197 generator:
 * x = 10857046999023057135944570762232829481370756359578518086990519993285655852781
 *   + 11559732032986387107991004021392285783925812861821192530917403151452391805634 u,
 * y = 8495653923123431417604973247489272438418190587263600148770280649306958101930
 *   + 4082367875863433681332203403145435568316851327593401208105741076214120093531 u,
 * stored in Montgomery form.
 */
void bn254_g2_generator(bn254_g2 *r)
{
    static const bn254_g2_affine g = {
        {{{0x8e83b5d102bc2026ULL, 0xdceb1935497b0172ULL, 0xfbb8264797811adfULL, 0x19573841af96503bULL}},
         {{0xafb4737da84c6140ULL, 0x6043dd5a5802d8c4ULL, 0x09e950fc52a02f86ULL, 0x14fef0833aea7b6bULL}}},
        {{{0x619dfa9d886be9f6ULL, 0xfe7fd297f59e9b78ULL, 0xff9e1a62231b7dfeULL, 0x28fd7eebae9e4206ULL}},
         {{0x64095b56c71856eeULL, 0xdc57f922327d3cbbULL, 0x55f935be33351076ULL, 0x0da4a0e693fd6482ULL}}}};
    bn254_g2_from_affine(r, &g);
}

/* xi^((p-1)/3), xi^((p-1)/2) and xi^((p^2-1)/3) (an element of Fq), xi = 9 + u,
   Montgomery form (computed with Python). */
static const bn254_fp2 psi_gx = {
    {{0xb5773b104563ab30ULL, 0x347f91c8a9aa6454ULL, 0x7a007127242e0991ULL, 0x1956bcd8118214ecULL}},
    {{0x6e849f1ea0aa4757ULL, 0xaa1c7b6d89f89141ULL, 0xb6e713cdfae0ca3aULL, 0x26694fbb4e82ebc3ULL}}};
static const bn254_fp2 psi_gy = {
    {{0xe4bbdd0c2936b629ULL, 0xbb30f162e133bacbULL, 0x31a9d1b6f9645366ULL, 0x253570bea500f8ddULL}},
    {{0xa1d77ce45ffe77c7ULL, 0x07affd117826d1dbULL, 0x6d16bd27bb7edc6bULL, 0x2c87200285defeccULL}}};
static const bn254_fp psi2_gx = {
    {0x3350c88e13e80b9cULL, 0x7dce557cdb5e56b9ULL, 0x6001b4b8b615564aULL, 0x2682e617020217e0ULL}};

/* In Jacobian coordinates conj(Z) keeps x = X/Z^2, y = Y/Z^3 consistent. */
void bn254_g2_psi(bn254_g2 *r, const bn254_g2 *a)
{
    fp2_conj(&r->x, &a->x);
    fp2_mul(&r->x, &r->x, &psi_gx);
    fp2_conj(&r->y, &a->y);
    fp2_mul(&r->y, &r->y, &psi_gy);
    fp2_conj(&r->z, &a->z);
}

void bn254_g2_affine_psi(bn254_g2_affine *r, const bn254_g2_affine *a)
{
    fp2_conj(&r->x, &a->x);
    fp2_mul(&r->x, &r->x, &psi_gx);
    fp2_conj(&r->y, &a->y);
    fp2_mul(&r->y, &r->y, &psi_gy);
}

void bn254_g2_affine_neg_psi2(bn254_g2_affine *r, const bn254_g2_affine *a)
{
    fp2_mul_fp(&r->x, &a->x, &psi2_gx);
    r->y = a->y;
}

#define G2_WINDOW 5

/* Plain width-5 NAF over the full 256-bit k: k is not reduced mod r because the point
   need not be in G2 (tests compute [r]Q on the whole twist). */
void bn254_g2_mul(bn254_g2 *r, const bn254_g2 *a, const uint64_t k[4])
{
    int8_t d[BN254_WNAF_MAX_DIGITS];
    int n = bn254_wnaf(d, k, 4, G2_WINDOW);
    bn254_g2 table[1 << (G2_WINDOW - 2)], acc;
    bn254_g2_odd_multiples(table, a, G2_WINDOW);
    bn254_g2_set_infinity(&acc);
    for (int i = n - 1; i >= 0; i--) {
        bn254_g2_dbl(&acc, &acc);
        bn254_g2_add_digit(&acc, table, d[i]);
    }
    *r = acc;
}

/*
 * Membership test of El Housni, Guillevic and Piellard ("Co-factor clearing and subgroup
 * membership testing on pairing-friendly curves", 2022) for BN curves:
 * Q is in G2 iff [x+1]Q + psi([x]Q) + psi^2([x]Q) = psi^3([2x]Q), x = 4965661367192848881.
 * One 63-bit scalar multiplication instead of the 254-bit [r]Q = O.
 */
int bn254_g2_is_in_subgroup(const bn254_g2 *a)
{
    static const uint64_t x[4] = {4965661367192848881ULL, 0, 0, 0};
    bn254_g2 xq, lhs, t, rhs;
    bn254_g2_mul(&xq, a, x);
    bn254_g2_add(&lhs, &xq, a);
    bn254_g2_psi(&t, &xq);
    bn254_g2_add(&lhs, &lhs, &t);
    bn254_g2_psi(&t, &t);
    bn254_g2_add(&lhs, &lhs, &t);
    bn254_g2_psi(&rhs, &t);
    bn254_g2_dbl(&rhs, &rhs);
    return bn254_g2_eq(&lhs, &rhs);
}
