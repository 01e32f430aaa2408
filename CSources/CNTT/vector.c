/* Element-wise Fr kernels for the polynomial layer: inlined field arithmetic in plain loops. */
#include "ntt.h"
#include "../CBN254/field_internal.h"

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
    for (size_t i = 0; i < count; i++)
        fr_mul(&out[i], &a[i], &b[i]);
}

void bn254_fr_vec_scale(bn254_fr *out, const bn254_fr *a, const bn254_fr *c, size_t count)
{
    bn254_fr k = *c;
    for (size_t i = 0; i < count; i++)
        fr_mul(&out[i], &a[i], &k);
}

void bn254_fr_vec_scale_powers(bn254_fr *out, const bn254_fr *a, const bn254_fr *start,
                               const bn254_fr *ratio, size_t count)
{
    bn254_fr power = *start, k = *ratio;
    for (size_t i = 0; i < count; i++) {
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
    for (size_t i = 0; i < count; i++) {
        fr_mul(&t, &a[i], &b[i]);
        fr_add(&sum, &sum, &t);
    }
    *r = sum;
}
