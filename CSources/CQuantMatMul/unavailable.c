/*
 * Architectures without the AVX-512 kernels: qmm_available() is 0 there and callers must use
 * another implementation (the model runner uses ggml's products). Calling a kernel anyway is a
 * programming error; it stops with a message instead of computing something else.
 */
#include "lanes.h"

#ifndef QMM_X86
#include <stdio.h>
#include <stdlib.h>

static void refuse(const char *kernel)
{
    fprintf(stderr, "%s: the quantized-product kernels need x86-64 with AVX-512 VNNI; qmm_available() is 0 here\n",
            kernel);
    abort();
}

void qmm_quantize_rows(uint8_t *out, const float *x, size_t stride, size_t k, size_t first, size_t end)
{
    (void)out, (void)x, (void)stride, (void)k, (void)first, (void)end;
    refuse("qmm_quantize_rows");
}

void qmm_matmul(float *out, size_t out_stride, const uint8_t *w, size_t w_stride, qmm_type type,
                const uint8_t *a, size_t columns, size_t k, size_t first, size_t end)
{
    (void)out, (void)out_stride, (void)w, (void)w_stride, (void)type, (void)a, (void)columns, (void)k,
        (void)first, (void)end;
    refuse("qmm_matmul");
}
#endif
