/* Fq, the base field of BN254. */
#include "field_api.h"

BN254_DEFINE_PRIME_FIELD_API(fp, bn254_fp, BN254_FP_FIELD)

/* (p + 1) / 4: p = 3 mod 4, so a^((p+1)/4) is a square root of a whenever one exists. */
static const uint64_t sqrt_exponent[4] = {
    0x4f082305b61f3f52ULL, 0x65e05aa45a1c72a3ULL, 0x6e14116da0605617ULL, 0x0c19139cb84c680aULL};

/* (p - 1) / 2 as a plain integer, the boundary of the lexicographic order. */
static const uint64_t half_p[4] = {
    0x9e10460b6c3e7ea3ULL, 0xcbc0b548b438e546ULL, 0xdc2822db40c0ac2eULL, 0x183227397098d014ULL};

int bn254_fp_sqrt(bn254_fp *r, const bn254_fp *a)
{
    bn254_fp s, check;
    mont_pow(s.v, a->v, sqrt_exponent, 4, &BN254_FP_FIELD);
    fp_sqr(&check, &s);
    if (!fp_eq(&check, a))
        return 0;
    *r = s;
    return 1;
}

int bn254_fp_is_lexicographically_largest(const bn254_fp *a)
{
    uint64_t x[4];
    mont_to_canonical(x, a->v, &BN254_FP_FIELD);
    for (int i = 3; i >= 0; i--) {
        if (x[i] != half_p[i])
            return x[i] > half_p[i];
    }
    return 0;
}
