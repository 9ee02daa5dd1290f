/*
 * Capstone wrapper.  Handles are opened per call: disassembly is for logs
 * and the monitor, never on a hot path.
 */
#include "kemu/osdep.h"
#include "disas/disas.h"

#include <capstone.h>

static bool disas_open(DisasArch arch, csh *handle)
{
    static const struct {
        cs_arch arch;
        int mode;
    } modes[] = {
        [DISAS_X86_64] = { CS_ARCH_X86, CS_MODE_64 },
        [DISAS_I386] = { CS_ARCH_X86, CS_MODE_32 },
        [DISAS_I8086] = { CS_ARCH_X86, CS_MODE_16 },
        [DISAS_AARCH64] = { CS_ARCH_ARM64, CS_MODE_ARM },
        [DISAS_MIPS32_LE] = { CS_ARCH_MIPS, CS_MODE_MIPS32 | CS_MODE_LITTLE_ENDIAN },
        [DISAS_MIPS32_BE] = { CS_ARCH_MIPS, CS_MODE_MIPS32 | CS_MODE_BIG_ENDIAN },
    };

    return cs_open(modes[arch].arch, modes[arch].mode, handle) == CS_ERR_OK;
}

/* Fixed-width sets skip one instruction on a bad encoding, x86 one byte. */
static size_t skip_width(DisasArch arch)
{
    return arch == DISAS_X86_64 || arch == DISAS_I386 || arch == DISAS_I8086 ? 1 : 4;
}

static void append_bytes(GString *out, const uint8_t *p, size_t n, bool le_word)
{
    if (le_word && n == 4) {
        g_string_append_printf(out, "%08x  ", p[0] | p[1] << 8 | p[2] << 16 |
                               (uint32_t)p[3] << 24);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        g_string_append_printf(out, "%02x", p[i]);
    }
    g_string_append(out, "  ");
}

int disas_append(GString *out, DisasArch arch, const void *code, size_t len,
                 uint64_t pc)
{
    const uint8_t *p = code;
    bool le_word = arch == DISAS_AARCH64 || arch == DISAS_MIPS32_LE;
    cs_insn *insn;
    csh handle;
    int count = 0;

    if (!disas_open(arch, &handle)) {
        g_string_append(out, "(capstone cannot disassemble this architecture)\n");
        return 0;
    }
    insn = cs_malloc(handle);
    while (len) {
        const uint8_t *at = p;
        uint64_t addr = pc;

        g_string_append_printf(out, "0x%016" PRIx64 ":  ", pc);
        if (cs_disasm_iter(handle, &p, &len, &pc, insn)) {
            append_bytes(out, at, insn->size, le_word);
            g_string_append_printf(out, "%s%s%s\n", insn->mnemonic,
                                   *insn->op_str ? " " : "", insn->op_str);
        } else {
            size_t n = MIN(skip_width(arch), len);
            append_bytes(out, at, n, false);
            g_string_append_printf(out, ".byte");
            for (size_t i = 0; i < n; i++) {
                g_string_append_printf(out, "%s0x%02x", i ? ", " : " ", at[i]);
            }
            g_string_append_c(out, '\n');
            p += n;
            len -= n;
            pc = addr + n;
        }
        count++;
    }
    cs_free(insn, 1);
    cs_close(&handle);
    return count;
}

int disas_host_append(GString *out, const void *code, size_t len)
{
    return disas_append(out, DISAS_X86_64, code, len, (uintptr_t)code);
}
