/*
 * Batched affine additions on G1 with AVX-512 IFMA: eight additions per vector operation
 * (see g1_batch_add.h for the contract, ifma_field.h for the arithmetic).
 *
 * Stored coordinates read as x~ = x / 16 in the vector field (R = 2^260 against the
 * stored 2^256). In those terms, with mu = lambda / 4:
 *   addition:  mu = (y~S - y~D) / (4 (x~S - x~D)),   doubling: mu = 6 x~D^2 / y~D,
 *   x~3 = mu^2 - x~D - x~S,   y~3 = 4 mu (x~D - x~3) - y~D,
 * which are again the stored limbs of the true x3, y3: no conversion on load or store.
 *
 * Lane l of step s holds addition 8 s + l. Each lane keeps its own running product of
 * denominators; the eight lane products are inverted together by Montgomery's trick in
 * scalar code, so a batch still costs one inversion.
 */
#include "g1_batch_add.h"

#ifdef MSM_IFMA
#include "ifma_field.h"

/* Scalar arithmetic on the vector field's representation (limbs X stand for X / 2^260). */
static const bn254_fp two_252 = {{0, 0, 0, 0x1000000000000000ULL}};
static const bn254_fp two_264 = {{0xfbdb0f2afaec667aULL, 0xad825aed9626b0ffULL, 0x276f48b709e2a0fcULL,
                                  0x0d791464ef86e357ULL}};

/* a b / 2^260 for a, b < 2p */
static void r260_mul(bn254_fp *r, const bn254_fp *a, const bn254_fp *b)
{
    fp_mul(r, a, b);
    fp_mul(r, r, &two_252);
}

/* 2^520 / a, the inverse in this representation */
static void r260_inv(bn254_fp *r, const bn254_fp *a)
{
    bn254_fp_inv(r, a);
    fp_mul(r, r, &two_264);
}

/* Inverts the eight lanes of a (all nonzero) with one inversion. */
IFMA_TARGET static vfp invert_lanes(const vfp *a)
{
    __m512i words[4];
    uint64_t w[4][8];
    v_to_words(words, a);
    for (int i = 0; i < 4; i++)
        _mm512_storeu_si512(w[i], words[i]);
    bn254_fp lane[8], prefix[8], acc;
    for (int l = 0; l < 8; l++)
        lane[l] = (bn254_fp){{w[0][l], w[1][l], w[2][l], w[3][l]}};
    prefix[0] = lane[0];
    for (int l = 1; l < 8; l++)
        r260_mul(&prefix[l], &prefix[l - 1], &lane[l]);
    r260_inv(&acc, &prefix[7]);
    for (int l = 7; l > 0; l--) {
        bn254_fp inv;
        r260_mul(&inv, &acc, &prefix[l - 1]);
        r260_mul(&acc, &acc, &lane[l]);
        for (int i = 0; i < 4; i++)
            w[i][l] = inv.v[i];
    }
    for (int i = 0; i < 4; i++)
        w[i][0] = acc.v[i];
    return v_from_words(_mm512_loadu_si512(w[0]), _mm512_loadu_si512(w[1]), _mm512_loadu_si512(w[2]),
                        _mm512_loadu_si512(w[3]));
}

/* The lanes of step s that hold additions, and those whose source is negated. */
static inline __mmask8 step_lanes(const g1_batch *b, size_t s, __mmask8 *negate)
{
    size_t count = b->n - 8 * s < 8 ? b->n - 8 * s : 8;
    unsigned neg = 0;
    for (size_t l = 0; l < count; l++)
        neg |= (b->src[8 * s + l] & 1u) << l;
    *negate = (__mmask8)neg;
    return (__mmask8)((1u << count) - 1);
}

/* x and y of base[index[l] >> shift] for the lanes in `lanes` (other lanes read 0): one
   64-byte load per point and a transpose, cheaper than eight-way gathers. */
IFMA_TARGET static inline void load_points(vfp *x, vfp *y, const bn254_g1_affine *base, const uint32_t *index,
                                           unsigned shift, __mmask8 lanes)
{
    __m512i r[8];
    for (int l = 0; l < 8; l++)
        r[l] = (lanes >> l & 1) ? _mm512_loadu_si512(&base[index[l] >> shift]) : _mm512_setzero_si512();
    v_transpose8(r);
    *x = v_from_words(r[0], r[1], r[2], r[3]);
    *y = v_from_words(r[4], r[5], r[6], r[7]);
}

IFMA_TARGET static inline void store_points(bn254_g1_affine *base, const uint32_t *index, __mmask8 lanes,
                                            const vfp *x, const vfp *y)
{
    __m512i r[8];
    v_to_words(r, x);
    v_to_words(r + 4, y);
    v_transpose8(r);
    for (int l = 0; l < 8; l++)
        if (lanes >> l & 1)
            _mm512_storeu_si512(&base[index[l]], r[l]);
}

IFMA_TARGET void g1_batch_add_ifma(const g1_batch *b, uint8_t *outcome, void *scratch)
{
    size_t steps = (b->n + 7) / 8;
    vfp *den = scratch, *prefix = den + G1_BATCH_MAX / 8;
    /* any nonzero start works for Montgomery's trick: prefix[0] carries it */
    const vfp raw_one = {{splat(1), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(),
                          _mm512_setzero_si512()}};
    vfp acc = raw_one;
    __mmask8 doubled_any = 0;

    for (size_t s = 0; s < steps; s++) {
        __mmask8 negate, lanes = step_lanes(b, s, &negate);
        vfp xd, yd, xs, ys;
        load_points(&xd, &yd, b->dst_base, b->dst + 8 * s, 0, lanes);
        load_points(&xs, &ys, b->src_base, b->src + 8 * s, 1, lanes);
        vfp dx = v_sub(&xs, &xd);
        vfp d = v_shift(&dx, 2);
        __mmask8 equal_x = v_is_zero(&dx) & lanes, doubled = 0, cancelled = 0;
        if (equal_x) {
            ys = v_neg_lanes(&ys, negate);
            vfp dy = v_sub(&ys, &yd);
            doubled = equal_x & v_is_zero(&dy);
            cancelled = equal_x & (__mmask8)~doubled;
            d = v_blend(doubled, &d, &yd);
            doubled_any |= doubled;
        }
        d = v_blend(cancelled | (__mmask8)~lanes, &d, &raw_one);
        for (unsigned l = 0; l < 8 && 8 * s + l < b->n; l++)
            outcome[8 * s + l] = (cancelled >> l & 1) ? G1_CANCELLED : (doubled >> l & 1) ? G1_DOUBLED : G1_ADDED;
        den[s] = d;
        prefix[s] = acc;
        acc = v_mul(&acc, &d);
    }

    acc = invert_lanes(&acc);
    for (size_t s = steps; s-- > 0;) {
        __mmask8 negate, lanes = step_lanes(b, s, &negate);
        vfp inv = v_mul(&acc, &prefix[s]);
        acc = v_mul(&acc, &den[s]);
        vfp xd, yd, xs, ys;
        load_points(&xd, &yd, b->dst_base, b->dst + 8 * s, 0, lanes);
        load_points(&xs, &ys, b->src_base, b->src + 8 * s, 1, lanes);
        ys = v_neg_lanes(&ys, negate);
        vfp num = v_sub_lazy(&ys, &yd);
        __mmask8 store = lanes, doubled = 0;
        for (unsigned l = 0; l < 8 && 8 * s + l < b->n; l++) {
            store &= (__mmask8)~((outcome[8 * s + l] == G1_CANCELLED) << l);
            doubled |= (__mmask8)((outcome[8 * s + l] == G1_DOUBLED) << l);
        }
        if (doubled_any && doubled) {
            vfp x2 = v_shift(&xd, 1), x3 = x2;
            for (int i = 0; i < 5; i++)
                x3.l[i] = _mm512_add_epi64(x3.l[i], xd.l[i]);
            v_carry(&x3);
            vfp six_x2 = v_mul(&x2, &x3); /* 2x * 3x, both factors below 2^256 */
            num = v_blend(doubled, &num, &six_x2);
        }
        vfp mu = v_mul(&num, &inv);
        vfp x3 = v_mul(&mu, &mu);
        x3 = v_canonical(&x3);
        x3 = v_sub(&x3, &xd);
        x3 = v_sub(&x3, &xs);
        vfp e = v_sub(&xd, &x3);
        e = v_shift(&e, 2);
        vfp y3 = v_mul(&mu, &e);
        y3 = v_canonical(&y3);
        y3 = v_sub(&y3, &yd);
        store_points(b->dst_base, b->dst + 8 * s, store, &x3, &y3);
    }
}
#endif
