/* What the parts of the kernel test driver share (driver.c). */
#ifndef DRIVER_H
#define DRIVER_H

#include <stddef.h>
#include <stdint.h>

/* Counts a failure and prints FAIL `what` unless ok. */
void check(int ok, const char *what);

/* FNV-1a, to print one line for many bytes. */
uint64_t fnv(uint64_t h, const uint8_t *p, size_t n);
#define FNV_START 0xcbf29ce484222325ULL

/* The quantized matrix products' checks (quant_products.c). */
void quantized_products(void);

#endif
