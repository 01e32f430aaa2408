/*
 * Montgomery multiplication (CIOS, 4 x 64-bit limbs), the 512-bit product and the Montgomery
 * reduction of field_impl.h with the x86-64 BMI2/ADX instructions; field_impl.h runs them
 * instead of its portable C when the kernel selection (bn254.h) allows it. Same contracts and
 * same results as the *_portable functions there.
 *
 * Why: every round adds two rows of products (the low and the high halves of a * b[i], then of
 * the modulus times the round's factor) into the running sum. With one carry flag those are
 * two sequential chains; ADCX (carry flag) and ADOX (overflow flag) let the low halves and the
 * high halves travel as two independent chains, and MULX multiplies without touching either
 * flag, so the products of a round interleave with its additions.
 *
 * Registers: the running sum t0..t3 plus its top word t4 rotate through five registers (the
 * word a round shifts out is always zero, or final for the 512-bit product, and becomes the
 * next round's top word), so no round moves data. With T0..T4 the registers holding t0..t4:
 *   ADX_FIRST_ROW     t = a * b[0]: no sum to add into yet, so one chain and nothing to clear
 *                     (9 instructions instead of 14 plus four zeroed registers);
 *   ADX_PRODUCT_ROW   t += a * b[i]: the OF chain adds the low halves into T0..T3, the CF
 *                     chain the high halves into T1..T3, and T4 = high(a3 b[i]) + both carries;
 *   ADX_REDUCE_STEP   q = T0 * inv, t += q * m: T0 becomes zero, the CF chain adds the low
 *                     halves, the OF chain the high ones, both ending in T4.
 * Both moduli are < 2^254, so with t < 2m no top word overflows (the bounds of field_impl.h).
 */
#ifndef BN254_FIELD_ADX_H
#define BN254_FIELD_ADX_H

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define BN254_FIELD_ADX 1

/* Set once at start-up by kernel_selection.c: 1 when the CPU has BMI2 and ADX and the
   selection allows them. */
extern int bn254_field_uses_adx;

#define ADX_OP(name) "%[" #name "]"

/* T0..T4 = a * B. */
#define ADX_FIRST_ROW(B, T0, T1, T2, T3, T4)                                                 \
    "movq " ADX_OP(B) ", %%rdx\n\t"                                                          \
    "mulxq " ADX_OP(a0) ", " ADX_OP(T0) ", " ADX_OP(T1) "\n\t"                                \
    "mulxq " ADX_OP(a1) ", %[lo], " ADX_OP(T2) "\n\t"                                        \
    "addq %[lo], " ADX_OP(T1) "\n\t"                                                         \
    "mulxq " ADX_OP(a2) ", %[lo], " ADX_OP(T3) "\n\t"                                        \
    "adcq %[lo], " ADX_OP(T2) "\n\t"                                                         \
    "mulxq " ADX_OP(a3) ", %[lo], " ADX_OP(T4) "\n\t"                                        \
    "adcq %[lo], " ADX_OP(T3) "\n\t"                                                         \
    "adcq $0, " ADX_OP(T4) "\n\t"

/* T0..T3 += a * B, T4 = the top word (its old value is dropped). The XOR clears both flags,
   which also frees the row from waiting for the last flags of the step before it. */
#define ADX_PRODUCT_ROW(B, T0, T1, T2, T3, T4)                                               \
    "movq " ADX_OP(B) ", %%rdx\n\t"                                                          \
    "xorl %k[zero], %k[zero]\n\t"                                                            \
    "mulxq " ADX_OP(a0) ", %[lo], %[hi]\n\t"                                                 \
    "adoxq %[lo], " ADX_OP(T0) "\n\t"                                                        \
    "adcxq %[hi], " ADX_OP(T1) "\n\t"                                                        \
    "mulxq " ADX_OP(a1) ", %[lo], %[hi]\n\t"                                                 \
    "adoxq %[lo], " ADX_OP(T1) "\n\t"                                                        \
    "adcxq %[hi], " ADX_OP(T2) "\n\t"                                                        \
    "mulxq " ADX_OP(a2) ", %[lo], %[hi]\n\t"                                                 \
    "adoxq %[lo], " ADX_OP(T2) "\n\t"                                                        \
    "adcxq %[hi], " ADX_OP(T3) "\n\t"                                                        \
    "mulxq " ADX_OP(a3) ", %[lo], " ADX_OP(T4) "\n\t"                                        \
    "adoxq %[lo], " ADX_OP(T3) "\n\t"                                                        \
    "adcxq %[zero], " ADX_OP(T4) "\n\t"                                                      \
    "adoxq %[zero], " ADX_OP(T4) "\n\t"

/* T0..T4 += q * m with q = T0 * inv mod 2^64, which makes T0 zero; CF and OF are left with the
   carries out of T4 (the CF chain first adds CARRY, a register or "zero"). */
#define ADX_REDUCE_STEP(CARRY, T0, T1, T2, T3, T4)                                           \
    "movq " ADX_OP(T0) ", %%rdx\n\t"                                                         \
    "imulq %[inv], %%rdx\n\t"                                                                 \
    "xorl %k[zero], %k[zero]\n\t"                                                            \
    "mulxq %[m0], %[lo], %[hi]\n\t"                                                          \
    "adcxq %[lo], " ADX_OP(T0) "\n\t"                                                        \
    "adoxq %[hi], " ADX_OP(T1) "\n\t"                                                        \
    "mulxq %[m1], %[lo], %[hi]\n\t"                                                          \
    "adcxq %[lo], " ADX_OP(T1) "\n\t"                                                        \
    "adoxq %[hi], " ADX_OP(T2) "\n\t"                                                        \
    "mulxq %[m2], %[lo], %[hi]\n\t"                                                          \
    "adcxq %[lo], " ADX_OP(T2) "\n\t"                                                        \
    "adoxq %[hi], " ADX_OP(T3) "\n\t"                                                        \
    "mulxq %[m3], %[lo], %[hi]\n\t"                                                          \
    "adcxq %[lo], " ADX_OP(T3) "\n\t"                                                        \
    "adoxq %[hi], " ADX_OP(T4) "\n\t"                                                        \
    "adcxq " ADX_OP(CARRY) ", " ADX_OP(T4) "\n\t"

#define ADX_MODULUS_OPERANDS                                                                 \
    [m0] "m"(f->m[0]), [m1] "m"(f->m[1]), [m2] "m"(f->m[2]), [m3] "m"(f->m[3]), [inv] "m"(f->inv)
#define ADX_FACTOR_OPERANDS                                                                  \
    [a0] "m"(a[0]), [a1] "m"(a[1]), [a2] "m"(a[2]), [a3] "m"(a[3]),                          \
    [b0] "m"(b[0]), [b1] "m"(b[1]), [b2] "m"(b[2]), [b3] "m"(b[3])

/* r = a * b / 2^256 mod m, output < m; the bounds of mont_mul_portable. The top word stays
   below 2^64 (t < 2m), so the last step's carries are zero. */
BN254_INLINE void mont_mul_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont_field *f)
{
    uint64_t r0, r1, r2, r3, r4, lo, hi, zero;
    __asm__(ADX_FIRST_ROW(b0, r0, r1, r2, r3, r4) ADX_REDUCE_STEP(zero, r0, r1, r2, r3, r4)
            ADX_PRODUCT_ROW(b1, r1, r2, r3, r4, r0) ADX_REDUCE_STEP(zero, r1, r2, r3, r4, r0)
            ADX_PRODUCT_ROW(b2, r2, r3, r4, r0, r1) ADX_REDUCE_STEP(zero, r2, r3, r4, r0, r1)
            ADX_PRODUCT_ROW(b3, r3, r4, r0, r1, r2) ADX_REDUCE_STEP(zero, r3, r4, r0, r1, r2)
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
              [lo] "=&r"(lo), [hi] "=&r"(hi), [zero] "=&r"(zero)
            : ADX_FACTOR_OPERANDS, ADX_MODULUS_OPERANDS
            : "rdx", "cc");
    /* after four rotations t0..t3 sit in r4, r0, r1, r2 */
    const uint64_t t[4] = {r4, r0, r1, r2};
    mont_reduce_once(r, t, f);
}

/* w = a * b as a 512-bit integer (wide_mul_portable); each row's lowest word is final. */
BN254_INLINE void wide_mul_adx(uint64_t w[8], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t r0, r1, r2, r3, r4, lo, hi, zero;
    __asm__(ADX_FIRST_ROW(b0, r0, r1, r2, r3, r4) "movq %[r0], %[w0]\n\t"
            ADX_PRODUCT_ROW(b1, r1, r2, r3, r4, r0) "movq %[r1], %[w1]\n\t"
            ADX_PRODUCT_ROW(b2, r2, r3, r4, r0, r1) "movq %[r2], %[w2]\n\t"
            ADX_PRODUCT_ROW(b3, r3, r4, r0, r1, r2) "movq %[r3], %[w3]\n\t"
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
              [lo] "=&r"(lo), [hi] "=&r"(hi), [zero] "=&r"(zero),
              [w0] "=m"(w[0]), [w1] "=m"(w[1]), [w2] "=m"(w[2]), [w3] "=m"(w[3])
            : ADX_FACTOR_OPERANDS
            : "rdx", "cc");
    w[4] = r4, w[5] = r0, w[6] = r1, w[7] = r2;
}

/* r = w / 2^256 mod m for w < m * 2^256 (mont_redc_portable). The carries out of the fifth
   word of each step are kept in `top` and added to the next step's fifth word. */
BN254_INLINE void mont_redc_adx(uint64_t r[4], const uint64_t w[8], const mont_field *f)
{
    uint64_t r0 = w[0], r1 = w[1], r2 = w[2], r3 = w[3], r4 = w[4], lo, hi, zero, top = 0;
#define ADX_CARRIES_TO_TOP                                                                   \
    "movl $0, %k[top]\n\t"                                                                   \
    "adcxq %[zero], %[top]\n\t"                                                              \
    "adoxq %[zero], %[top]\n\t"
    __asm__(ADX_REDUCE_STEP(top, r0, r1, r2, r3, r4) ADX_CARRIES_TO_TOP "movq %[w5], %[r0]\n\t"
            ADX_REDUCE_STEP(top, r1, r2, r3, r4, r0) ADX_CARRIES_TO_TOP "movq %[w6], %[r1]\n\t"
            ADX_REDUCE_STEP(top, r2, r3, r4, r0, r1) ADX_CARRIES_TO_TOP "movq %[w7], %[r2]\n\t"
            ADX_REDUCE_STEP(top, r3, r4, r0, r1, r2)
            : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [r4] "+&r"(r4),
              [lo] "=&r"(lo), [hi] "=&r"(hi), [zero] "=&r"(zero), [top] "+&r"(top)
            : [w5] "m"(w[5]), [w6] "m"(w[6]), [w7] "m"(w[7]), ADX_MODULUS_OPERANDS
            : "rdx", "cc");
#undef ADX_CARRIES_TO_TOP
    /* w < m * 2^256 keeps the result < 2m: the last carries are zero */
    const uint64_t t[4] = {r4, r0, r1, r2};
    mont_reduce_once(r, t, f);
}

#undef ADX_FACTOR_OPERANDS
#undef ADX_MODULUS_OPERANDS
#undef ADX_REDUCE_STEP
#undef ADX_PRODUCT_ROW
#undef ADX_FIRST_ROW
#undef ADX_OP
#endif

#endif
