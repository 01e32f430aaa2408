/*
 * Whether this CPU runs the kernels: x86-64 through CPUID (__builtin_cpu_supports), aarch64
 * through what the operating system reports (Linux: the HWCAP_ASIMDDP bit of getauxval(AT_HWCAP);
 * macOS: the sysctl hw.optional.arm.FEAT_DotProd), so that one binary runs everywhere and takes
 * the fast path where it exists. The aarch64 kernels ask on every call, so the answer is kept
 * (a sysctl is a system call).
 */
#include <stdlib.h>
#include <string.h>
#include "include/quant_matmul.h"
#include "lanes.h"

#if defined(QMM_NEON) && defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1UL << 20) /* Linux, arch/arm64/include/uapi/asm/hwcap.h */
#endif
#elif defined(QMM_NEON) && defined(__APPLE__)
#include <sys/sysctl.h>
#endif

#if defined(QMM_X86) || defined(QMM_NEON)
/* POT_KERNELS=adx or portable (bn254.h) stand for CPUs without AVX-512 (and, on aarch64, without
   the dot products): ggml's products then. */
static int excluded_by_environment(void)
{
    const char *v = getenv("POT_KERNELS");
    return v != NULL && (strcmp(v, "adx") == 0 || strcmp(v, "portable") == 0);
}
#endif

#if defined(QMM_NEON)
#include <stdatomic.h>

static int ask_for_dot_product(void)
{
#if defined(__linux__)
    return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0;
#elif defined(__APPLE__)
    int value = 0;
    size_t size = sizeof value;
    return sysctlbyname("hw.optional.arm.FEAT_DotProd", &value, &size, NULL, 0) == 0 && value != 0;
#else
    return 0; /* no known way to ask: ggml's products */
#endif
}

static int has_dot_product(void)
{
    static atomic_int known = -1; /* threads that race here compute the same answer */
    int v = atomic_load_explicit(&known, memory_order_relaxed);
    if (v < 0) {
        v = ask_for_dot_product();
        atomic_store_explicit(&known, v, memory_order_relaxed);
    }
    return v;
}
#endif

int qmm_available(void)
{
#if defined(QMM_X86)
    return !excluded_by_environment() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
           && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni")
           && __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi2")
           && __builtin_cpu_supports("f16c");
#elif defined(QMM_NEON)
    return !excluded_by_environment() && has_dot_product();
#else
    return 0;
#endif
}
