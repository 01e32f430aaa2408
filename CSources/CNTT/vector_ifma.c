/* The element-wise kernels of vector.c on eight elements at a time (fr52_ifma.h). */
#include "ntt_internal.h"

#ifdef NTT_IFMA
#include "fr52_ifma.h"

FR52_TARGET void ntt_ifma_vec_mul(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count)
{
    for (size_t i = 0; i + 8 <= count; i += 8)
        fr52_store(out + i, fr52_mul(fr52_load(a + i), fr52_load(b + i)));
}

FR52_TARGET void ntt_ifma_vec_scale(bn254_fr *out, const bn254_fr *a, const bn254_fr *c, size_t count)
{
    fr52 k = fr52_broadcast(c);
    for (size_t i = 0; i + 8 <= count; i += 8)
        fr52_store(out + i, fr52_mul(fr52_load(a + i), k));
}

/* first8 holds start * ratio^0..7 and ratio8 = ratio^8: lane l of step j carries
   start * ratio^(8j + l). */
FR52_TARGET void ntt_ifma_vec_scale_powers(bn254_fr *out, const bn254_fr *a, const bn254_fr first8[8],
                                           const bn254_fr *ratio8, size_t count)
{
    fr52 power = fr52_load(first8), step = fr52_broadcast(ratio8);
    for (size_t i = 0; i + 8 <= count; i += 8) {
        fr52_store(out + i, fr52_mul(fr52_load(a + i), power));
        power = fr52_mul(power, step);
    }
}

/* Eight partial sums, one per lane, added up at the end. */
FR52_TARGET void ntt_ifma_vec_dot(bn254_fr *r, const bn254_fr *a, const bn254_fr *b, size_t count)
{
    fr52 acc = fr52_mul(fr52_load(a), fr52_load(b));
    for (size_t i = 8; i + 8 <= count; i += 8)
        acc = fr52_add(acc, fr52_mul(fr52_load(a + i), fr52_load(b + i)));
    bn254_fr lanes[8];
    fr52_store(lanes, acc);
    *r = lanes[0];
    for (int l = 1; l < 8; l++)
        bn254_fr_add(r, r, &lanes[l]);
}

#endif
