/*
 * The NTT passes of transform.c on eight butterflies at a time (fr52_ifma.h), for CPUs with
 * AVX-512 IFMA. Same stages, twiddles and results; only the grouping of butterflies differs:
 *  - long groups (quarter >= 8 elements): the eight lanes are eight consecutive butterflies
 *    of one group, which share its twiddles;
 *  - short groups (the last stages of a block): the lanes are eight consecutive groups,
 *    each with its own twiddles, read from the table at stride or through pointers.
 * Values convert to 52-bit limbs at every load and back at every store, so each sweep fuses
 * two stages (radix 4) to halve those conversions.
 */
#include "ntt_internal.h"

#ifdef NTT_IFMA
#include "fr52_ifma.h"

int ntt_ifma_supported(void)
{
    return (bn254_kernel_features() & BN254_KERNEL_IFMA) != 0;
}

FR52_INLINE void ct(fr52 *u, fr52 *v, fr52 w)
{
    fr52 t = fr52_mul(*v, w);
    *v = fr52_sub(*u, t);
    *u = fr52_add(*u, t);
}

FR52_INLINE void ct_unit(fr52 *u, fr52 *v)
{
    fr52 t = *v;
    *v = fr52_sub(*u, t);
    *u = fr52_add(*u, t);
}

/* w is the table entry whose negation is the inverse twiddle: (u + v, (v - u) w). */
FR52_INLINE void gs(fr52 *u, fr52 *v, fr52 w)
{
    fr52 t = fr52_sub(*v, *u);
    *u = fr52_add(*u, *v);
    *v = fr52_mul(t, w);
}

FR52_INLINE void gs_unit(fr52 *u, fr52 *v)
{
    fr52 t = fr52_sub(*u, *v);
    *u = fr52_add(*u, *v);
    *v = t;
}

/* Table entry of the inverse twiddle of group i; group 0 (twiddle 1) gets -1 so that the
   (v - u) w form of gs gives u - v. */
FR52_INLINE const bn254_fr *inverse_entry(const bn254_fr *tw, size_t i, const bn254_fr *minus_one)
{
    return i == 0 ? minus_one : &tw[ntt_inverse_index(i)];
}

static FR52_TARGET void forward_radix2(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                                       const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, half = ((size_t)1 << (log_len - s - 1)) * width;
    /* only ever the first stage: one group per sub-transform, half >= 8 */
    for (size_t g = 0; g < groups; g++) {
        size_t i = (base << s) + g;
        bn254_fr *u = x + 2 * half * g, *v = u + half;
        fr52 w = fr52_broadcast(&tw[i]);
        for (size_t k = 0; k < half; k += 8) {
            fr52 a = fr52_load(u + k), b = fr52_load(v + k);
            if (i == 0)
                ct_unit(&a, &b);
            else
                ct(&a, &b, w);
            fr52_store(u + k, a);
            fr52_store(v + k, b);
        }
    }
}

static FR52_TARGET void forward_radix4(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                                       const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, q = ((size_t)1 << (log_len - s - 2)) * width;
    if (q >= 8) {
        for (size_t g = 0; g < groups; g++) {
            size_t i = (base << s) + g;
            bn254_fr *p = x + 4 * q * g;
            fr52 w = fr52_broadcast(&tw[i]), w1 = fr52_broadcast(&tw[2 * i]), w2 = fr52_broadcast(&tw[2 * i + 1]);
            for (size_t k = 0; k < q; k += 8) {
                fr52 a0 = fr52_load(p + k), a1 = fr52_load(p + k + q);
                fr52 a2 = fr52_load(p + k + 2 * q), a3 = fr52_load(p + k + 3 * q);
                if (i == 0) {
                    ct_unit(&a0, &a2);
                    ct_unit(&a1, &a3);
                    ct_unit(&a0, &a1);
                } else {
                    ct(&a0, &a2, w);
                    ct(&a1, &a3, w);
                    ct(&a0, &a1, w1);
                }
                ct(&a2, &a3, w2);
                fr52_store(p + k, a0);
                fr52_store(p + k + q, a1);
                fr52_store(p + k + 2 * q, a2);
                fr52_store(p + k + 3 * q, a3);
            }
        }
        return;
    }
    /* lane l: group g + l, which starts 4q elements after group g + l - 1 */
    ptrdiff_t stride = (ptrdiff_t)(4 * q);
    for (size_t g = 0; g < groups; g += 8) {
        size_t i = (base << s) + g;
        bn254_fr *p = x + 4 * q * g;
        fr52 w = fr52_load(&tw[i]), w1 = fr52_load_strided(&tw[2 * i], 2), w2 = fr52_load_strided(&tw[2 * i + 1], 2);
        for (size_t k = 0; k < q; k++) {
            fr52 a0 = fr52_load_strided(p + k, stride), a1 = fr52_load_strided(p + k + q, stride);
            fr52 a2 = fr52_load_strided(p + k + 2 * q, stride), a3 = fr52_load_strided(p + k + 3 * q, stride);
            ct(&a0, &a2, w);
            ct(&a1, &a3, w);
            ct(&a0, &a1, w1);
            ct(&a2, &a3, w2);
            fr52_store_strided(p + k, stride, a0);
            fr52_store_strided(p + k + q, stride, a1);
            fr52_store_strided(p + k + 2 * q, stride, a2);
            fr52_store_strided(p + k + 3 * q, stride, a3);
        }
    }
}

static FR52_TARGET void inverse_radix2(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                                       const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, half = ((size_t)1 << (log_len - s - 1)) * width;
    for (size_t g = 0; g < groups; g++) {
        size_t i = (base << s) + g;
        bn254_fr *u = x + 2 * half * g, *v = u + half;
        fr52 w = fr52_broadcast(&tw[i == 0 ? 0 : ntt_inverse_index(i)]);
        for (size_t k = 0; k < half; k += 8) {
            fr52 a = fr52_load(u + k), b = fr52_load(v + k);
            if (i == 0)
                gs_unit(&a, &b);
            else
                gs(&a, &b, w);
            fr52_store(u + k, a);
            fr52_store(v + k, b);
        }
    }
}

static FR52_TARGET void inverse_radix4(bn254_fr *x, unsigned log_len, unsigned s, size_t width,
                                       const bn254_fr *tw, size_t base)
{
    size_t groups = (size_t)1 << s, q = ((size_t)1 << (log_len - s - 2)) * width;
    if (q >= 8) {
        for (size_t g = 0; g < groups; g++) {
            size_t i = (base << s) + g;
            bn254_fr *p = x + 4 * q * g;
            fr52 w2 = fr52_broadcast(&tw[ntt_inverse_index(2 * i + 1)]);
            fr52 w = w2, w1 = w2;
            if (i != 0) {
                w = fr52_broadcast(&tw[ntt_inverse_index(i)]);
                w1 = fr52_broadcast(&tw[ntt_inverse_index(2 * i)]);
            }
            for (size_t k = 0; k < q; k += 8) {
                fr52 a0 = fr52_load(p + k), a1 = fr52_load(p + k + q);
                fr52 a2 = fr52_load(p + k + 2 * q), a3 = fr52_load(p + k + 3 * q);
                gs(&a2, &a3, w2);
                if (i == 0) {
                    gs_unit(&a0, &a1);
                    gs_unit(&a0, &a2);
                    gs_unit(&a1, &a3);
                } else {
                    gs(&a0, &a1, w1);
                    gs(&a0, &a2, w);
                    gs(&a1, &a3, w);
                }
                fr52_store(p + k, a0);
                fr52_store(p + k + q, a1);
                fr52_store(p + k + 2 * q, a2);
                fr52_store(p + k + 3 * q, a3);
            }
        }
        return;
    }
    bn254_fr minus_one;
    bn254_fr_neg(&minus_one, &bn254_fr_one);
    ptrdiff_t stride = (ptrdiff_t)(4 * q);
    for (size_t g = 0; g < groups; g += 8) {
        size_t i = (base << s) + g;
        bn254_fr *p = x + 4 * q * g;
        const bn254_fr *pw[8], *pw1[8], *pw2[8];
        for (size_t l = 0; l < 8; l++) {
            pw[l] = inverse_entry(tw, i + l, &minus_one);
            pw1[l] = inverse_entry(tw, 2 * (i + l), &minus_one);
            pw2[l] = inverse_entry(tw, 2 * (i + l) + 1, &minus_one);
        }
        fr52 w = fr52_gather(pw), w1 = fr52_gather(pw1), w2 = fr52_gather(pw2);
        for (size_t k = 0; k < q; k++) {
            fr52 a0 = fr52_load_strided(p + k, stride), a1 = fr52_load_strided(p + k + q, stride);
            fr52 a2 = fr52_load_strided(p + k + 2 * q, stride), a3 = fr52_load_strided(p + k + 3 * q, stride);
            gs(&a0, &a1, w1);
            gs(&a2, &a3, w2);
            gs(&a0, &a2, w);
            gs(&a1, &a3, w);
            fr52_store_strided(p + k, stride, a0);
            fr52_store_strided(p + k + q, stride, a1);
            fr52_store_strided(p + k + 2 * q, stride, a2);
            fr52_store_strided(p + k + 3 * q, stride, a3);
        }
    }
}

void ntt_ifma_forward_all(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base)
{
    unsigned s = 0;
    if (log_len % 2 == 1)
        forward_radix2(x, log_len, s++, width, tw, base);
    for (; s < log_len; s += 2)
        forward_radix4(x, log_len, s, width, tw, base);
}

void ntt_ifma_inverse_all(bn254_fr *x, unsigned log_len, size_t width, const bn254_fr *tw, size_t base)
{
    unsigned odd = log_len % 2;
    for (unsigned s = log_len; s > odd; s -= 2)
        inverse_radix4(x, log_len, s - 2, width, tw, base);
    if (odd)
        inverse_radix2(x, log_len, 0, width, tw, base);
}

#endif
