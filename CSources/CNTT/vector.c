/*
 * Element-wise Fr kernels for the polynomial layer: inlined field arithmetic in plain loops,
 * with the multiplying ones handing all but a tail of fewer than eight elements to the IFMA
 * kernels (vector_ifma.c) on CPUs that have them.
 */
#include "ntt_internal.h"
#include "../CBN254/field_internal.h"

/* Elements [0, done) were handled by the vector kernel. */
static size_t vector_prefix(size_t count)
{
#ifdef NTT_IFMA
    if (count >= 8 && ntt_ifma_supported())
        return count & ~(size_t)7;
#endif
    (void)count;
    return 0;
}

void bn254_fr_vec_add(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count)
{
    for (size_t i = 0; i < count; i++)
        fr_add(&out[i], &a[i], &b[i]);
}

void bn254_fr_vec_sub(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count)
{
    for (size_t i = 0; i < count; i++)
        fr_sub(&out[i], &a[i], &b[i]);
}

void bn254_fr_vec_mul(bn254_fr *out, const bn254_fr *a, const bn254_fr *b, size_t count)
{
    size_t done = vector_prefix(count);
#ifdef NTT_IFMA
    if (done)
        ntt_ifma_vec_mul(out, a, b, done);
#endif
    for (size_t i = done; i < count; i++)
        fr_mul(&out[i], &a[i], &b[i]);
}

void bn254_fr_vec_scale(bn254_fr *out, const bn254_fr *a, const bn254_fr *c, size_t count)
{
    bn254_fr k = *c;
    size_t done = vector_prefix(count);
#ifdef NTT_IFMA
    if (done)
        ntt_ifma_vec_scale(out, a, &k, done);
#endif
    for (size_t i = done; i < count; i++)
        fr_mul(&out[i], &a[i], &k);
}

void bn254_fr_vec_scale_powers(bn254_fr *out, const bn254_fr *a, const bn254_fr *start,
                               const bn254_fr *ratio, size_t count)
{
    bn254_fr power = *start, k = *ratio;
    size_t done = vector_prefix(count);
#ifdef NTT_IFMA
    if (done) {
        bn254_fr first8[8], ratio8 = k;
        bn254_fr_vec_powers(first8, &power, &k, 8);
        for (int i = 0; i < 3; i++)
            fr_sqr(&ratio8, &ratio8);
        ntt_ifma_vec_scale_powers(out, a, first8, &ratio8, done);
        /* the tail continues from start * ratio^done */
        uint64_t e = done;
        bn254_fr_pow(&power, &k, &e, 1);
        fr_mul(&power, &power, start);
    }
#endif
    for (size_t i = done; i < count; i++) {
        fr_mul(&out[i], &a[i], &power);
        fr_mul(&power, &power, &k);
    }
}

void bn254_fr_vec_powers(bn254_fr *out, const bn254_fr *start, const bn254_fr *ratio, size_t count)
{
    bn254_fr power = *start, k = *ratio;
    for (size_t i = 0; i < count; i++) {
        out[i] = power;
        fr_mul(&power, &power, &k);
    }
}

void bn254_fr_vec_dot(bn254_fr *r, const bn254_fr *a, const bn254_fr *b, size_t count)
{
    bn254_fr sum = {{0, 0, 0, 0}}, t;
    size_t done = vector_prefix(count);
#ifdef NTT_IFMA
    if (done)
        ntt_ifma_vec_dot(&sum, a, b, done);
#endif
    for (size_t i = done; i < count; i++) {
        fr_mul(&t, &a[i], &b[i]);
        fr_add(&sum, &sum, &t);
    }
    *r = sum;
}
