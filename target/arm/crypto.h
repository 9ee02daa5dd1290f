/*
 * The descriptor translate-crypto.c.inc passes to helper_crypto
 * (crypto-helper.c): rd | rn << 5 | rm << 10 | op << 15 | hi << 20.
 */
#ifndef TARGET_ARM_CRYPTO_H
#define TARGET_ARM_CRYPTO_H

enum {
    CR_AESE, CR_AESD, CR_AESMC, CR_AESIMC,
    CR_SHA1C, CR_SHA1P, CR_SHA1M, CR_SHA1SU0, CR_SHA1H, CR_SHA1SU1,
    CR_SHA256H, CR_SHA256H2, CR_SHA256SU0, CR_SHA256SU1,
    CR_PMULL8, CR_PMULL64,
};

#define CR_OP_SHIFT 15
#define CR_HI       (1u << 20)      /* PMULL2: the high halves */

#endif
