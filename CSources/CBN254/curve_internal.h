/*
 * Internal helpers shared by the curve, encoding and pairing kernels of this target.
 */
#ifndef BN254_CURVE_INTERNAL_H
#define BN254_CURVE_INTERNAL_H

#include "tower_internal.h"

/* Most digits a width-w NAF of a 256-bit integer can have (one more than its bits). */
#define BN254_WNAF_MAX_DIGITS 257

/*
 * Width-w NAF of the nlimbs-limb little-endian integer k (nlimbs <= 4, 2 <= w <= 7):
 * k = sum digits[i] 2^i, every nonzero digit odd with |digit| < 2^(w-1), and any two
 * nonzero digits at least w positions apart. Returns the number of digits written.
 */
int bn254_wnaf(int8_t digits[BN254_WNAF_MAX_DIGITS], const uint64_t *k, int nlimbs, int w);

/* The curve constants b = 3 (G1) and b' = 3 / (9 + u) (G2), in Montgomery form. */
extern const bn254_fp bn254_g1_b;
extern const bn254_fp2 bn254_g2_b;

/*
 * psi = untwist o Frobenius o twist on the twist curve: psi(x, y) = (conj(x) gx, conj(y) gy)
 * with gx = xi^((p-1)/3), gy = xi^((p-1)/2). On G2 it acts as multiplication by p.
 */
void bn254_g2_psi(bn254_g2 *r, const bn254_g2 *a);
void bn254_g2_affine_psi(bn254_g2_affine *r, const bn254_g2_affine *a);
/* -psi^2(a) = (x xi^((p^2-1)/3), y): psi^2 needs no conjugation and xi^((p^2-1)/2) = -1. */
void bn254_g2_affine_neg_psi2(bn254_g2_affine *r, const bn254_g2_affine *a);

#endif
