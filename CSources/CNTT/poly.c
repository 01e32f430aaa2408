/* Sequential polynomial kernels: one dependent multiplication per coefficient. */
#include "ntt.h"
#include "../CBN254/field_internal.h"

void bn254_fr_poly_eval(bn254_fr *r, const bn254_fr *c, size_t count, const bn254_fr *z)
{
    bn254_fr acc = {{0, 0, 0, 0}}, x = *z;
    for (size_t i = count; i-- > 0;) {
        fr_mul(&acc, &acc, &x);
        fr_add(&acc, &acc, &c[i]);
    }
    *r = acc;
}

/* Synthetic division: c_i = q_(i-1) - z q_i, so q_(i-1) = c_i + z q_i from the top down,
   and what is left at degree 0 is c(z). */
void bn254_fr_poly_div_linear(bn254_fr *q, bn254_fr *rem, const bn254_fr *c, size_t count,
                              const bn254_fr *z)
{
    bn254_fr acc = c[count - 1], x = *z;
    for (size_t i = count - 1; i > 0; i--) {
        q[i - 1] = acc;
        fr_mul(&acc, &acc, &x);
        fr_add(&acc, &acc, &c[i - 1]);
    }
    *rem = acc;
}
