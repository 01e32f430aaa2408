/* Fr, the scalar field of BN254. */
#include "field_api.h"

BN254_DEFINE_PRIME_FIELD_API(fr, bn254_fr, BN254_FR_FIELD)

/*
 * 5 is a quadratic non-residue mod r and r - 1 = 2^28 * t with t odd, so
 * w = 5^t = 5^((r-1)/2^28) mod r has order exactly 2^28 (w^(2^27) = -1).
 * w = 19103219067921713944291392827692070036145651957329286315305642004821462161904,
 * stored as w * 2^256 mod r (computed with Python: pow(5, (r-1) >> 28, r)).
 */
const bn254_fr bn254_fr_root_of_unity_2_28 = {
    {0x636e735580d13d9cULL, 0xa22bf3742445ffd6ULL, 0x56452ac01eb203d8ULL, 0x1860ef942963f9e7ULL}};
