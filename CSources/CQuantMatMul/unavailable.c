/*
 * Where qmm_available() is 0 callers must use another implementation (the model runner uses
 * ggml's products). Calling a kernel anyway is a programming error; it stops with a message
 * instead of computing something else: always on architectures without kernels (below), and on
 * aarch64 CPUs without the dot-product instructions (the NEON kernels ask first).
 */
#include <stdio.h>
#include <stdlib.h>
#include "lanes.h"

_Noreturn void qmm_refuse(const char *kernel)
{
    fprintf(stderr,
            "%s: the quantized-product kernels need x86-64 with AVX-512 VNNI or aarch64 with the dot-product "
            "instructions; qmm_available() is 0 here\n",
            kernel);
    abort();
}

#if !defined(QMM_X86) && !defined(QMM_NEON)
void qmm_quantize_rows(uint8_t *out, const float *x, size_t stride, size_t k, size_t first, size_t end)
{
    (void)out, (void)x, (void)stride, (void)k, (void)first, (void)end;
    qmm_refuse("qmm_quantize_rows");
}

void qmm_matmul(float *out, size_t out_stride, const uint8_t *w, size_t w_stride, qmm_type type,
                const uint8_t *a, size_t columns, size_t k, size_t first, size_t end)
{
    (void)out, (void)out_stride, (void)w, (void)w_stride, (void)type, (void)a, (void)columns, (void)k,
        (void)first, (void)end;
    qmm_refuse("qmm_matmul");
}
#endif
