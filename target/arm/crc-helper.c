/*
 * CRC32B/H/W/X and CRC32CB/H/W/X: the CRC of the low bytes of val
 * appended to acc, bit-reflected, without the pre/post inversion zlib
 * does (the instructions leave that to software).
 */
#include "kemu/osdep.h"
#include "exec/exec-all.h"
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

#define POLY_CRC32  0xedb88320u     /* reflected 0x04c11db7 */
#define POLY_CRC32C 0x82f63b78u     /* reflected 0x1edc6f41 (Castagnoli) */

static uint32_t crc_bits(uint32_t acc, uint64_t val, uint32_t bytes,
                         uint32_t poly)
{
    if (bytes < 8) {
        val &= (1ull << (8 * bytes)) - 1;
    }
    acc ^= (uint32_t)val;
    val >>= 32;
    for (uint32_t i = 0; i < 8 * bytes; i++) {
        uint32_t lsb = acc & 1;
        acc = (acc >> 1) | ((uint32_t)(val & 1) << 31);
        val >>= 1;
        acc ^= lsb ? poly : 0;
    }
    return acc;
}

uint64_t helper_crc32(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_bits(acc, val, bytes, POLY_CRC32);
}

uint64_t helper_crc32c(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_bits(acc, val, bytes, POLY_CRC32C);
}
