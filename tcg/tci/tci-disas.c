/*
 * Readable listing of TCI bytecode for -d out_asm:
 *   0x7f...40: add_i64 r8,r14,$0x4
 */
#include "kemu/osdep.h"
#include "tcg/tcg-backend.h"
#include "tci-insn.h"

void tci_disas(GString *out, const void *code, size_t size);

static const char *tci_reg_name(unsigned r)
{
    static const char *const names[TCI_NB_REGS] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        "r8", "r9", "r10", "r11", "r12", "r13", "env", "fp",
    };
    return names[r & 15];
}

static int tci_nb_regs(unsigned opc, uint32_t hdr)
{
    const TCGOpDef *def;

    if (opc == TCI_MOVI) {
        return 1;
    }
    def = &tcg_op_defs[opc];
    return def->nb_oargs + def->nb_iargs - !!(hdr & TCI_F_IMM);
}

void tci_disas(GString *out, const void *code, size_t size)
{
    const uint32_t *p = code, *end = (const uint32_t *)((const char *)code +
                                                        size);

    while (p < end) {
        uint32_t hdr = p[0];
        unsigned opc = hdr & 0xff, len = tci_len(hdr);
        int nregs = tci_nb_regs(opc, hdr);

        g_string_append_printf(out, "  %p: %s%s", (void *)p,
                               opc == TCI_MOVI ? "movi"
                                               : tcg_op_defs[opc].name,
                               hdr & TCI_F_I64 ? "_i64" : "_i32");
        for (int i = 0; i < nregs; i++) {
            g_string_append_printf(out, "%s%s", i ? "," : " ",
                                   tci_reg_name(p[1] >> (4 * i)));
        }
        for (unsigned w = 2; w < len; w++) {
            g_string_append_printf(out, "%s$0x%x", w > 2 || nregs ? "," : " ",
                                   p[w]);
        }
        g_string_append_c(out, '\n');
        if (len == 0) {
            break;   /* not bytecode: stop rather than loop */
        }
        p += len;
    }
}
