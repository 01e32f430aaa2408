/* Width-w non-adjacent form, the signed-digit recoding behind the windowed scalar
   multiplications: on average one nonzero digit every w + 1 positions. */
#include "curve_internal.h"

int bn254_wnaf(int8_t digits[BN254_WNAF_MAX_DIGITS], const uint64_t *k, int nlimbs, int w)
{
    /* one spare limb: adding back a negative digit can carry past the top bit */
    uint64_t t[5] = {0, 0, 0, 0, 0};
    for (int i = 0; i < nlimbs; i++)
        t[i] = k[i];
    const uint64_t window = (uint64_t)1 << w, mask = window - 1;
    int n = 0;
    while (t[0] | t[1] | t[2] | t[3] | t[4]) {
        int digit = 0;
        if (t[0] & 1) {
            uint64_t low = t[0] & mask;
            if (low >= window / 2) {
                /* digit = low - 2^w < 0: t += 2^w - low clears the low w bits */
                digit = (int)low - (int)window;
                uint64_t add = window - low;
                for (int i = 0; i < 5 && add; i++) {
                    t[i] += add;
                    add = t[i] < add;
                }
            } else {
                digit = (int)low;
                t[0] -= low;
            }
        }
        digits[n++] = (int8_t)digit;
        for (int i = 0; i < 4; i++)
            t[i] = (t[i] >> 1) | (t[i + 1] << 63);
        t[4] >>= 1;
    }
    return n;
}
