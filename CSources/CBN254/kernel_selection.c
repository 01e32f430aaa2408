/*
 * Which instruction-set extensions the kernels use (bn254.h, "kernel selection"): the CPU's
 * features, narrowed by POT_KERNELS once at start-up, and by bn254_select_kernels in tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field_internal.h"

/* Read inline by mont_mul (field_impl.h) on every product; 0 until start-up sets it, which only
   means portable code (same bits) if something multiplies before the constructor runs. */
int bn254_field_uses_adx;

static unsigned supported, selected;

static unsigned detect(void)
{
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    __builtin_cpu_init();
    unsigned f = 0;
    if (__builtin_cpu_supports("bmi2") && __builtin_cpu_supports("adx"))
        f |= BN254_KERNEL_ADX;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512ifma"))
        f |= BN254_KERNEL_IFMA;
    return f;
#else
    return 0;
#endif
}

static unsigned from_environment(unsigned all)
{
    const char *v = getenv("POT_KERNELS");
    if (v == NULL || *v == 0 || strcmp(v, "best") == 0)
        return all;
    if (strcmp(v, "adx") == 0)
        return all & BN254_KERNEL_ADX;
    if (strcmp(v, "portable") == 0)
        return 0;
    fprintf(stderr, "POT_KERNELS=%s: expected best, adx or portable\n", v);
    exit(2);
}

static void apply(unsigned features)
{
    selected = features & supported;
    bn254_field_uses_adx = (selected & BN254_KERNEL_ADX) != 0;
}

__attribute__((constructor)) static void select_at_start(void)
{
    supported = detect();
    apply(from_environment(supported));
}

unsigned bn254_kernel_features(void) { return selected; }

unsigned bn254_kernel_features_supported(void) { return supported; }

unsigned bn254_select_kernels(unsigned features)
{
    apply(features);
    return selected;
}
