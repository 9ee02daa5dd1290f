/*
 * FEAT_PAuth: QARMA5 (the Arm ARM's ComputePAC), AddPAC/Auth/Strip and the
 * helpers translate-pauth.c.inc calls.  A pointer's PAC field is bits
 * [64 - TxSZ, 55) plus [56, 64) when TBI does not reserve the top byte;
 * bit 55 chooses TTBR0/TTBR1 and is kept.
 */
#include "kemu/osdep.h"
#include "internals.h"
#include "pauth.h"
#include "tcg/helper-proto.h"
#include "helper.h"

#define CELLS_LSB 0x1111111111111111ull

static const uint8_t sbox[16] = {
    0xb, 0x6, 0x8, 0xf, 0xc, 0x0, 0x9, 0xe,
    0x3, 0x7, 0x4, 0x5, 0xd, 0x2, 0x1, 0xa,
};
static const uint8_t sbox_inv[16] = {
    0x5, 0xe, 0xd, 0x8, 0xa, 0xb, 0x1, 0x9,
    0x2, 0x6, 0xf, 0x0, 0x4, 0xc, 0x7, 0x3,
};

/* Output cell i (bits 4i+3:4i) is input cell perm[i]. */
static const uint8_t cell_shuffle[16] = {
    13, 6, 11, 0, 7, 12, 1, 10, 8, 3, 14, 5, 2, 9, 4, 15,
};
static const uint8_t cell_inv_shuffle[16] = {
    3, 6, 12, 9, 14, 11, 1, 4, 8, 13, 7, 2, 5, 0, 10, 15,
};
/* TweakShuffle: the cells of *_ROT also go through TweakCellRot. */
static const uint8_t tweak_shuffle[16] = {
    4, 5, 6, 7, 11, 2, 3, 8, 12, 13, 14, 15, 0, 1, 10, 9,
};
static const uint8_t tweak_inv_shuffle[16] = {
    12, 13, 5, 6, 0, 1, 2, 3, 7, 15, 14, 4, 8, 9, 10, 11,
};
#define TWEAK_ROT     0xff0ff000f00f0f00ull     /* cells 2 4 7 11 12 14 15 */
#define TWEAK_INV_ROT 0xf000ffff0f00000full     /* cells 0 6 8 9 10 11 15 */

static uint64_t cell_permute(uint64_t in, const uint8_t perm[16])
{
    uint64_t out = 0;

    for (int i = 0; i < 16; i++) {
        out |= ((in >> (4 * perm[i])) & 0xf) << (4 * i);
    }
    return out;
}

static uint64_t cell_subst(uint64_t in, const uint8_t box[16])
{
    uint64_t out = 0;

    for (int i = 0; i < 64; i += 4) {
        out |= (uint64_t)box[(in >> i) & 0xf] << i;
    }
    return out;
}

/* RotCell(x, n) on every cell: rotate each 4-bit cell left by n. */
static uint64_t cells_rotl(uint64_t x, int n)
{
    uint64_t keep = CELLS_LSB * ((0xf << n) & 0xf);

    return ((x << n) & keep) | ((x >> (4 - n)) & ~keep);
}

/*
 * PACMult: the cells as four rows of four (row r = cells 4r..4r+3), each
 * output row the XOR of the other three rows rotated by 1 or 2.
 */
static uint64_t pac_mult(uint64_t s)
{
    uint64_t r1 = cells_rotl(s, 1), r2 = cells_rotl(s, 2);
#define ROW(v, r) (((v) >> (16 * (r))) & 0xffff)
    uint64_t row0 = ROW(r1, 3) ^ ROW(r2, 2) ^ ROW(r1, 1);
    uint64_t row1 = ROW(r2, 3) ^ ROW(r1, 2) ^ ROW(r1, 0);
    uint64_t row2 = ROW(r1, 3) ^ ROW(r1, 1) ^ ROW(r2, 0);
    uint64_t row3 = ROW(r1, 2) ^ ROW(r2, 1) ^ ROW(r1, 0);
#undef ROW

    return row0 | row1 << 16 | row2 << 32 | row3 << 48;
}

/* TweakCellRot: out<3> = in<0> ^ in<1>, out<2:0> = in<3:1>. */
static uint64_t tweak_shuffle_fwd(uint64_t in)
{
    uint64_t x = cell_permute(in, tweak_shuffle);
    uint64_t rot = ((x >> 1) & (CELLS_LSB * 7)) |
                   (((x ^ (x >> 1)) & CELLS_LSB) << 3);

    return (x & ~TWEAK_ROT) | (rot & TWEAK_ROT);
}

/* TweakCellInvRot: out<3:1> = in<2:0>, out<0> = in<0> ^ in<3>. */
static uint64_t tweak_shuffle_inv(uint64_t in)
{
    uint64_t x = cell_permute(in, tweak_inv_shuffle);
    uint64_t rot = ((x << 1) & (CELLS_LSB * 0xe)) |
                   ((x ^ (x >> 3)) & CELLS_LSB);

    return (x & ~TWEAK_INV_ROT) | (rot & TWEAK_INV_ROT);
}

/*
 * The linear layers are XOR-linear, so each is applied as eight byte
 * look-ups in a table built from the cell-wise definitions above, and
 * PACSub as eight look-ups of two cells: the kernel signs and checks
 * return addresses on nearly every call, so this is a hot path.
 */
typedef uint64_t LinearTable[8][256];

static LinearTable shuffle_mult, mult_inv_shuffle, inv_shuffle;
static LinearTable tweak_fwd, tweak_inv;
static uint8_t sub_fwd[256], sub_inv[256];

static uint64_t shuffle_then_mult(uint64_t x)
{
    return pac_mult(cell_permute(x, cell_shuffle));
}

static uint64_t mult_then_inv_shuffle(uint64_t x)
{
    return cell_permute(pac_mult(x), cell_inv_shuffle);
}

static uint64_t inv_shuffle_only(uint64_t x)
{
    return cell_permute(x, cell_inv_shuffle);
}

static void build_linear(LinearTable t, uint64_t (*layer)(uint64_t))
{
    for (int b = 0; b < 8; b++) {
        for (int v = 0; v < 256; v++) {
            t[b][v] = layer((uint64_t)v << (8 * b));
        }
    }
}

static void build_tables(void)
{
    static gsize done;

    if (!g_once_init_enter(&done)) {
        return;
    }
    build_linear(shuffle_mult, shuffle_then_mult);
    build_linear(mult_inv_shuffle, mult_then_inv_shuffle);
    build_linear(inv_shuffle, inv_shuffle_only);
    build_linear(tweak_fwd, tweak_shuffle_fwd);
    build_linear(tweak_inv, tweak_shuffle_inv);
    for (int v = 0; v < 256; v++) {
        sub_fwd[v] = cell_subst(v, sbox);
        sub_inv[v] = cell_subst(v, sbox_inv);
    }
    g_once_init_leave(&done, 1);
}

static uint64_t linear(const LinearTable t, uint64_t x)
{
    uint64_t r = 0;

    for (int b = 0; b < 8; b++) {
        r ^= t[b][(x >> (8 * b)) & 0xff];
    }
    return r;
}

static uint64_t subst(const uint8_t box[256], uint64_t x)
{
    uint64_t r = 0;

    for (int b = 0; b < 64; b += 8) {
        r |= (uint64_t)box[(x >> b) & 0xff] << b;
    }
    return r;
}

uint64_t pauth_compute_pac(uint64_t data, uint64_t modifier, uint64_t key0,
                           uint64_t key1)
{
    static const uint64_t rc[5] = {
        0x0000000000000000ull, 0x13198a2e03707344ull, 0xa4093822299f31d0ull,
        0x082efa98ec4e6c89ull, 0x452821e638d01377ull,
    };
    const uint64_t alpha = 0xc0ac29b7c97c50ddull;
    uint64_t modk0 = (key0 << 63) | ((key0 >> 2) << 1) |
                     ((key0 >> 63) ^ ((key0 >> 1) & 1));
    uint64_t tweak = modifier, w = data ^ key0;

    build_tables();
    for (int i = 0; i < 5; i++) {
        w ^= key1 ^ tweak ^ rc[i];
        if (i > 0) {
            w = linear(shuffle_mult, w);
        }
        w = subst(sub_fwd, w);
        tweak = linear(tweak_fwd, tweak);
    }
    w ^= modk0 ^ tweak;
    w = subst(sub_fwd, linear(shuffle_mult, w));
    w = linear(shuffle_mult, w) ^ key1;
    w = subst(sub_inv, linear(inv_shuffle, w));
    w = linear(mult_inv_shuffle, w);
    w ^= key0 ^ tweak;
    for (int i = 0; i < 5; i++) {
        w = subst(sub_inv, w);
        if (i < 4) {
            w = linear(mult_inv_shuffle, w);
        }
        tweak = linear(tweak_inv, tweak);
        w ^= rc[4 - i] ^ key1 ^ tweak ^ alpha;
    }
    return w ^ modk0;
}

/*
 * Where ptr's PAC goes: bits [bot, top), of the range ptr<55> selects,
 * TxSZ clamped as the MMU does (mmu.c: 16..39, no FEAT_TTST).  TBID
 * takes TBI away from instruction addresses.
 */
typedef struct PACField {
    int bot, top;
    bool tbi;
} PACField;

static PACField pac_field(CPUARMState *env, uint64_t ptr, bool data)
{
    uint64_t tcr = env->cp15.tcr_el1;
    int sel = (ptr >> 55) & 1;
    int tsz = (tcr >> (sel ? 16 : 0)) & 0x3f;
    bool tbi = arm_addr_tbi(env, sel, !data);

    tsz = MAX(16, MIN(39, tsz));
    return (PACField){ .bot = 64 - tsz, .top = tbi ? 56 : 64, .tbi = tbi };
}

static uint64_t field_mask(const PACField *f)
{
    return (~0ull >> (64 - (f->top - f->bot))) << f->bot;
}

/* ptr with the whole PAC field set to copies of ext. */
static uint64_t with_ext(uint64_t ptr, const PACField *f, bool ext)
{
    return ext ? ptr | field_mask(f) : ptr & ~field_mask(f);
}

/*
 * ComputePAC with a key, remembered per vCPU: the kernel's AUTIASP
 * checks what its PACIASP made, with the same return address and SP,
 * and the same call paths repeat.
 */
static uint64_t key_pac(CPUARMState *env, uint64_t ptr, uint64_t modifier,
                        int key)
{
    const ARMPACKey *k = &env->pac_keys[key];
    uint64_t tag = (env->pac_key_gen << 3 | key) + 1;
    ARMPACCacheEntry *e = &env->pac_cache[((ptr >> 2) ^ (modifier >> 4) ^
                                           key) % ARM_PAC_CACHE_SIZE];

    if (e->tag != tag || e->data != ptr || e->modifier != modifier) {
        *e = (ARMPACCacheEntry){
            .data = ptr, .modifier = modifier, .tag = tag,
            .pac = pauth_compute_pac(ptr, modifier, k->hi, k->lo),
        };
    }
    return e->pac;
}

uint64_t pauth_add(CPUARMState *env, uint64_t ptr, uint64_t modifier, int key)
{
    PACField f = pac_field(env, ptr, key >= PAUTH_KEY_DA);
    bool ext = (ptr >> (f.tbi ? 55 : 63)) & 1;
    uint64_t ext_ptr = with_ext(ptr, &f, ext);
    uint64_t pac = key_pac(env, ext_ptr, modifier, key);
    uint64_t keep, bit55 = 1ull << 55;

    /* Extension bits that are not all equal corrupt the PAC. */
    if (ext_ptr != ptr) {
        pac ^= 1ull << (f.top - 2);
    }
    keep = ~field_mask(&f) & ~bit55;
    return (ptr & keep) | (pac & field_mask(&f) & ~bit55) |
           (ext ? bit55 : 0);
}

uint64_t pauth_auth(CPUARMState *env, uint64_t ptr, uint64_t modifier,
                    int key)
{
    PACField f = pac_field(env, ptr, key >= PAUTH_KEY_DA);
    uint64_t orig = with_ext(ptr, &f, (ptr >> 55) & 1);
    uint64_t pac = key_pac(env, orig, modifier, key);
    uint64_t error = key & 1 ? 2 : 1;   /* keynumber:NOT(keynumber) */

    if ((pac ^ ptr) & field_mask(&f) & ~(1ull << 55)) {
        int at = f.tbi ? 53 : 61;
        orig = (orig & ~(3ull << at)) | (error << at);
    }
    return orig;
}

uint64_t pauth_strip(CPUARMState *env, uint64_t ptr, bool data)
{
    PACField f = pac_field(env, ptr, data);

    return with_ext(ptr, &f, (ptr >> 55) & 1);
}

static bool key_enabled(CPUARMState *env, int key)
{
    static const uint32_t enable[] = {
        [PAUTH_KEY_IA] = SCTLR_EnIA, [PAUTH_KEY_IB] = SCTLR_EnIB,
        [PAUTH_KEY_DA] = SCTLR_EnDA, [PAUTH_KEY_DB] = SCTLR_EnDB,
    };

    return env->cp15.sctlr_el1 & enable[key];
}

/* PAC*: ptr signed with key (0..3), or unchanged if the key is disabled. */
uint64_t helper_pac(void *opaque, uint64_t ptr, uint64_t modifier,
                    uint32_t key)
{
    CPUARMState *env = opaque;

    return key_enabled(env, key) ? pauth_add(env, ptr, modifier, key) : ptr;
}

uint64_t helper_aut(void *opaque, uint64_t ptr, uint64_t modifier,
                    uint32_t key)
{
    CPUARMState *env = opaque;

    return key_enabled(env, key) ? pauth_auth(env, ptr, modifier, key) : ptr;
}

uint64_t helper_xpac(void *opaque, uint64_t ptr, uint32_t data)
{
    return pauth_strip(opaque, ptr, data);
}

/* PACGA: the top 32 bits of the generic key's PAC, never disabled. */
uint64_t helper_pacga(void *opaque, uint64_t x, uint64_t y)
{
    return key_pac(opaque, x, y, PAUTH_KEY_GA) & 0xffffffff00000000ull;
}

/*
 * ERETAA, ERETAB: ERET to ELR_EL1 authenticated with SP as the modifier
 * (before the return switches SP).
 */
void helper_eret_auth(void *opaque, uint32_t key)
{
    CPUARMState *env = opaque;
    uint64_t dest = helper_aut(env, env->cp15.elr_el1, env->xregs[31], key);

    helper_eret(env);
    env->pc = arm_branch_addr(env, dest);
}
