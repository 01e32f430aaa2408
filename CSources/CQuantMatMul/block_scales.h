/* The 6-bit sub-block scales of the K-quants (formats in weights.c), for both decoders. */
#ifndef QMM_BLOCK_SCALES_H
#define QMM_BLOCK_SCALES_H

#include <stddef.h>
#include <stdint.h>

/* Q4_K and Q5_K: sub-block j's 6-bit scale and min. j < 4: the low six bits of bytes j and
   j + 4; j >= 4: the nibbles of byte j + 4, their top two bits from bytes j - 4 and j. */
static inline void scale_min(const uint8_t *q, size_t j, uint8_t *sc, uint8_t *m)
{
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = (uint8_t)((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        *m = (uint8_t)((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

/* Q3_K: scale i of 16, 6 bits: the low four are the low nibble of byte i (i < 8) or the high
   nibble of byte i - 8, the top two are bits 2 (i / 4) and 2 (i / 4) + 1 of byte 8 + i % 4. */
static inline int q3_scale(const uint8_t *q, size_t i)
{
    int low = i < 8 ? q[i] & 0xF : q[i - 8] >> 4;
    int high = (q[8 + i % 4] >> (2 * (i / 4))) & 3;
    return low | (high << 4);
}

#endif
