/*
 * Montgomery multiplication (CIOS, 4 x 64-bit limbs) with the x86-64 BMI2/ADX instructions, for
 * field_impl.h, which runs it instead of the portable C when the kernel selection (bn254.h)
 * allows it. Same contract and same result as mont_mul_portable there.
 *
 * Why: every round adds two rows of products (the low and the high halves of a * b[i], then of
 * the modulus times the round's factor) into the running sum. With one carry flag those are
 * two sequential chains; ADCX (carry flag) and ADOX (overflow flag) let the low halves and the
 * high halves travel as two independent chains, and MULX multiplies without touching either
 * flag, so the products of a round interleave with its additions.
 *
 * Registers: the running sum t0..t3 plus its top word t4 rotate through five registers (the
 * word a round shifts out is always zero and becomes the next round's top word), so no round
 * moves data. Round i, with T0..T4 the registers holding t0..t4:
 *   t += a * b[i]:   OF chain adds the low halves into T0..T3, CF chain the high halves into
 *                    T1..T3 and T4 = high(a3 b[i]) + both carries;
 *   q = T0 * inv:    the factor that zeroes the low word;
 *   t += q * m:      CF chain the low halves (T0 becomes 0), OF chain the high halves; both
 *                    end in T4. t < 2m keeps every top word below 2^64 (both moduli < 2^254).
 */
#ifndef BN254_FIELD_ADX_H
#define BN254_FIELD_ADX_H

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define BN254_FIELD_ADX 1

/* Set once at start-up by kernel_selection.c: 1 when the CPU has BMI2 and ADX and the
   selection allows them. */
extern int bn254_field_uses_adx;

#define ADX_OP(name) "%[" #name "]"

#define ADX_ROUND(B, T0, T1, T2, T3, T4)                                                     \
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
    "adoxq %[zero], " ADX_OP(T4) "\n\t"                                                      \
    "movq " ADX_OP(T0) ", %%rdx\n\t"                                                         \
    "mulxq %[inv], %%rdx, %[hi]\n\t"                                                         \
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
    "adcxq %[zero], " ADX_OP(T4) "\n\t"

/* r = a * b / 2^256 mod m, output < m; the bounds of mont_mul_portable. */
BN254_INLINE void mont_mul_adx(uint64_t r[4], const uint64_t a[4], const uint64_t b[4], const mont_field *f)
{
    uint64_t r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4, lo, hi, zero;
    __asm__(ADX_ROUND(b0, r0, r1, r2, r3, r4)
            ADX_ROUND(b1, r1, r2, r3, r4, r0)
            ADX_ROUND(b2, r2, r3, r4, r0, r1)
            ADX_ROUND(b3, r3, r4, r0, r1, r2)
            : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [r4] "=&r"(r4),
              [lo] "=&r"(lo), [hi] "=&r"(hi), [zero] "=&r"(zero)
            : [a0] "m"(a[0]), [a1] "m"(a[1]), [a2] "m"(a[2]), [a3] "m"(a[3]),
              [b0] "m"(b[0]), [b1] "m"(b[1]), [b2] "m"(b[2]), [b3] "m"(b[3]),
              [m0] "m"(f->m[0]), [m1] "m"(f->m[1]), [m2] "m"(f->m[2]), [m3] "m"(f->m[3]), [inv] "m"(f->inv)
            : "rdx", "cc");
    /* after four rotations t0..t3 sit in r4, r0, r1, r2 */
    const uint64_t t[4] = {r4, r0, r1, r2};
    mont_reduce_once(r, t, f);
}

#undef ADX_ROUND
#undef ADX_OP
#endif

#endif
