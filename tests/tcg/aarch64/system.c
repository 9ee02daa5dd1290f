/* System registers and hints: NZCV, TPIDR*, CurrentEL, DAIF, SPSel, ID registers. */
#include "runtime.h"

#define MRS(name) do {                                                  \
        uint64_t v_;                                                    \
        __asm__ volatile("mrs %0, " #name : "=r"(v_));                  \
        print_val(#name, v_);                                           \
    } while (0)
#define MSR_MRS(name, val) do {                                         \
        __asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(val))); \
        MRS(name);                                                      \
    } while (0)

int main(void)
{
    MRS(CurrentEL);
    MRS(nzcv);
    MSR_MRS(nzcv, 0xf0000000);
    MSR_MRS(nzcv, 0x5fffffff);
    MSR_MRS(nzcv, 0);
    MRS(daif);
    __asm__ volatile("msr daifclr, #0xf");
    MRS(daif);
    __asm__ volatile("msr daifset, #0x5");
    MRS(daif);
    __asm__ volatile("msr daifset, #0x2");
    MRS(daif);
    MSR_MRS(daif, 0x1c0);
    MRS(spsel);
    MSR_MRS(tpidr_el0, 0x1234567890abcdefull);
    MSR_MRS(tpidrro_el0, 0xfedcba0987654321ull);
    MSR_MRS(tpidr_el1, 0x0f0f0f0f0f0f0f0full);
    MSR_MRS(contextidr_el1, 0xffffffffffffffffull);
    MSR_MRS(mair_el1, 0x00000000004404ffull);
    MSR_MRS(far_el1, 0x123456789ull);
    MSR_MRS(elr_el1, 0x40000004ull);
    MSR_MRS(spsr_el1, 0x3c5);
    MSR_MRS(sp_el0, 0x40200000);
    MSR_MRS(ttbr0_el1, 0x40300000);
    MSR_MRS(ttbr1_el1, 0x40400000);
    MSR_MRS(tcr_el1, 0x00000005b5103510ull);
    MSR_MRS(esr_el1, 0x56000000);
    MSR_MRS(cntkctl_el1, 0x3);
    MSR_MRS(par_el1, 0x800);
    MSR_MRS(cpacr_el1, 0x300000);
    MRS(sctlr_el1);
    MRS(midr_el1);
    MRS(mpidr_el1);
    MRS(revidr_el1);
    MRS(id_aa64pfr0_el1);
    MRS(id_aa64pfr1_el1);
    MRS(id_aa64isar0_el1);
    MRS(id_aa64isar1_el1);
    MRS(id_aa64mmfr0_el1);
    MRS(id_aa64mmfr1_el1);
    MRS(id_aa64dfr0_el1);
    MRS(ctr_el0);
    MRS(dczid_el0);
    MRS(clidr_el1);
    __asm__ volatile("nop\n\tyield\n\tisb\n\tdsb sy\n\tdsb ish\n\tdmb ishld\n\t"
                     "dmb oshst\n\tsev\n\tsevl\n\thint #0x22\n\tclrex" ::: "memory");
    puts_uart("hints ok\n");
    puts_uart("END\n");
    return 0;
}
