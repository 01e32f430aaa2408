/* G1: y^2 = x^3 + 3 over Fq, the whole group of prime order r. */
#include "curve_internal.h"

static const bn254_fp fp_one_mont = {{BN254_FP_FIELD_ONE}};

/* 3 * 2^256 mod p */
const bn254_fp bn254_g1_b = {{0x7a17caa950ad28d7ULL, 0x1f6ac17ae15521b9ULL, 0x334bea4e696bd284ULL, 0x2a1f6744ce179d8eULL}};

#define FE bn254_fp
#define FE_(op) fp_##op
#define FE_INV bn254_fp_inv
#define FE_ONE fp_one_mont
#define PT bn254_g1
#define PA bn254_g1_affine
#define PT_(name) bn254_g1_##name
#define CURVE_B bn254_g1_b
#include "jacobian_impl.h"

/* The EIP-196 generator (1, 2); 2 * 2^256 mod p. */
void bn254_g1_generator(bn254_g1 *r)
{
    static const bn254_fp two = {{0xa6ba871b8b1e1b3aULL, 0x14f1d651eb8e167bULL, 0xccdd46def0f28c58ULL, 0x1c14ef83340fbe5eULL}};
    r->x = fp_one_mont;
    r->y = two;
    r->z = fp_one_mont;
}

/*
 * GLV: phi(x, y) = (beta x, y) is an endomorphism acting on G1 as multiplication by
 * lambda, lambda^2 + lambda + 1 = 0 mod r. A scalar k splits into k1 + k2 lambda with
 * |k1|, |k2| < 2^128, halving the doublings. Constants computed with Python: beta is the
 * cube root of unity in Fq that pairs with
 * lambda = 21888242871839275217838484774961031246154997185409878258781734729429964517155
 * (checked against py_ecc: [lambda](1, 2) = (beta, 2)); the reduced lattice basis
 * (a1, b1) = (147946756881789319000765030803803410728, -9931322734385697763),
 * (a2, b2) = (9931322734385697763, 147946756881789319010696353538189108491) of
 * {(u, v) : u + v lambda = 0 mod r} comes from the extended Euclidean algorithm on
 * (r, lambda), and g1 = floor(b2 2^256 / r), g2 = floor(|b1| 2^256 / r) round the
 * Babai coefficients.
 */
static const bn254_fp glv_beta = {{0x3350c88e13e80b9cULL, 0x7dce557cdb5e56b9ULL, 0x6001b4b8b615564aULL, 0x2682e617020217e0ULL}};
static const uint64_t glv_a1[4] = {0x8211bbeb7d4f1128ULL, 0x6f4d8248eeb859fcULL, 0, 0};
static const uint64_t glv_a2[4] = {0x89d3256894d213e3ULL, 0, 0, 0};
static const uint64_t glv_b1_abs[4] = {0x89d3256894d213e3ULL, 0, 0, 0};
static const uint64_t glv_b2[4] = {0x0be4e1541221250bULL, 0x6f4d8248eeb859fdULL, 0, 0};
static const uint64_t glv_g1[4] = {0x5398fd0300ff6565ULL, 0x4ccef014a773d2d2ULL, 2, 0};
static const uint64_t glv_g2[4] = {0xd91d232ec7e0b3d7ULL, 2, 0, 0};

static void mul_256(uint64_t w[8], const uint64_t a[4], const uint64_t b[4])
{
    for (int i = 0; i < 8; i++)
        w[i] = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 4; j++) {
            u128 t = (u128)a[i] * b[j] + w[i + j] + c;
            w[i + j] = (uint64_t)t;
            c = (uint64_t)(t >> 64);
        }
        w[i + 4] = c;
    }
}

/* r = a - b mod 2^256 */
static void sub_256(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - b[i] - borrow;
        r[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
}

/* Two's complement value a to magnitude; returns 1 when a was negative. */
static int abs_256(uint64_t a[4])
{
    if (!(a[3] >> 63))
        return 0;
    const uint64_t zero[4] = {0, 0, 0, 0};
    sub_256(a, zero, a);
    return 1;
}

/* k mod r for any 256-bit k (2^256 < 6r: at most five subtractions). */
static void reduce_mod_r(uint64_t k[4])
{
    for (;;) {
        uint64_t d[4];
        uint64_t borrow = 0;
        for (int i = 0; i < 4; i++) {
            u128 t = (u128)k[i] - bn254_fr_modulus[i] - borrow;
            d[i] = (uint64_t)t;
            borrow = (uint64_t)(t >> 64) & 1;
        }
        if (borrow)
            return;
        for (int i = 0; i < 4; i++)
            k[i] = d[i];
    }
}

/* k = k1 + k2 lambda mod r with |ki| < 2^128; returns magnitudes and signs. */
static void glv_split(uint64_t k1[4], int *neg1, uint64_t k2[4], int *neg2, const uint64_t k[4])
{
    uint64_t w[8], c1[4], c2[4], t[4];
    mul_256(w, k, glv_g1);
    c1[0] = w[4], c1[1] = w[5], c1[2] = w[6], c1[3] = w[7];
    mul_256(w, k, glv_g2);
    c2[0] = w[4], c2[1] = w[5], c2[2] = w[6], c2[3] = w[7];
    /* k1 = k - c1 a1 - c2 a2, k2 = c1 |b1| - c2 b2; all fit in 256 bits, so computing
       modulo 2^256 and reading the result as two's complement is exact. */
    mul_256(w, c1, glv_a1);
    sub_256(k1, k, w);
    mul_256(w, c2, glv_a2);
    sub_256(k1, k1, w);
    mul_256(w, c1, glv_b1_abs);
    for (int i = 0; i < 4; i++)
        t[i] = w[i];
    mul_256(w, c2, glv_b2);
    sub_256(k2, t, w);
    *neg1 = abs_256(k1);
    *neg2 = abs_256(k2);
}

#define G1_WINDOW 5
enum { G1_TABLE = 1 << (G1_WINDOW - 2) };

/* The GLV form of k P: k = ±k1 + ±k2 λ (mod r), each half in width-5 NAF digits, with the odd
   multiples of the signed point for k1 in t[0] and their images under phi for k2 in t[1]. */
static void glv_tables(bn254_g1 t[2][G1_TABLE], int8_t d[2][BN254_WNAF_MAX_DIGITS], int len[2],
                       const bn254_g1 *p, const uint64_t k[4])
{
    uint64_t kr[4] = {k[0], k[1], k[2], k[3]}, k1[4], k2[4];
    int neg1, neg2;
    reduce_mod_r(kr);
    glv_split(k1, &neg1, k2, &neg2, kr);
    len[0] = bn254_wnaf(d[0], k1, 2, G1_WINDOW);
    len[1] = bn254_wnaf(d[1], k2, 2, G1_WINDOW);

    bn254_g1 base;
    if (neg1)
        bn254_g1_neg(&base, p);
    else
        base = *p;
    bn254_g1_odd_multiples(t[0], &base, G1_WINDOW);
    /* phi commutes with the group law, so phi(j P) needs one multiplication by beta */
    for (int i = 0; i < G1_TABLE; i++) {
        fp_mul(&t[1][i].x, &t[0][i].x, &glv_beta);
        t[1][i].z = t[0][i].z;
        if (neg1 != neg2)
            fp_neg(&t[1][i].y, &t[0][i].y);
        else
            t[1][i].y = t[0][i].y;
    }
}

void bn254_g1_mul(bn254_g1 *r, const bn254_g1 *a, const uint64_t k[4])
{
    bn254_g1 t[2][G1_TABLE];
    int8_t d[2][BN254_WNAF_MAX_DIGITS];
    int len[2];
    glv_tables(t, d, len, a, k);

    bn254_g1 acc;
    bn254_g1_set_infinity(&acc);
    for (int i = (len[0] > len[1] ? len[0] : len[1]) - 1; i >= 0; i--) {
        bn254_g1_dbl(&acc, &acc);
        for (int h = 0; h < 2; h++)
            if (i < len[h])
                bn254_g1_add_digit(&acc, t[h], d[h][i]);
    }
    *r = acc;
}

/* Straus: one shared doubling chain, every point's two GLV halves added from its own table of
   odd multiples. For a few dozen points this beats the bucket method, whose bucket reduction
   and batch inversions cost the same whatever the number of points. Scratch: the tables, then
   the digit counts (aligned after the tables), then the digits. */
void bn254_g1_msm_small(bn254_g1 *r, const bn254_g1_affine *points, const uint64_t *scalars, size_t n,
                        void *scratch)
{
    bn254_g1 (*tables)[2][G1_TABLE] = scratch;
    int (*lengths)[2] = (void *)((uint8_t *)scratch + n * sizeof *tables);
    int8_t (*digits)[2][BN254_WNAF_MAX_DIGITS] = (void *)((uint8_t *)lengths + n * sizeof *lengths);
    int longest = 0;
    for (size_t j = 0; j < n; j++) {
        bn254_g1 p;
        bn254_g1_from_affine(&p, &points[j]);
        glv_tables(tables[j], digits[j], lengths[j], &p, scalars + 4 * j);
        for (int h = 0; h < 2; h++)
            if (lengths[j][h] > longest) longest = lengths[j][h];
    }
    bn254_g1 acc;
    bn254_g1_set_infinity(&acc);
    for (int i = longest - 1; i >= 0; i--) {
        bn254_g1_dbl(&acc, &acc);
        for (size_t j = 0; j < n; j++)
            for (int h = 0; h < 2; h++)
                if (i < lengths[j][h])
                    bn254_g1_add_digit(&acc, tables[j][h], digits[j][h][i]);
    }
    *r = acc;
}

size_t bn254_g1_msm_small_scratch(size_t n)
{
    return n * (2 * G1_TABLE * sizeof(bn254_g1) + 2 * sizeof(int) + 2 * BN254_WNAF_MAX_DIGITS) + 64;
}
