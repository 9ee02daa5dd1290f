/* The oracle: the generated cases run natively on the host CPU. */
#include <stdio.h>
#include <asm/ldt.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "harness.h"

uint16_t code32_sel;

/*
 * A flat 32-bit code segment in our LDT for the compatibility-mode cases
 * (Linux's __USER32_CS is not present when IA32 emulation is off).
 */
static int make_code32(void)
{
    struct user_desc d = {
        .entry_number = 0, .limit = 0xfffff, .seg_32bit = 1,
        .contents = MODIFY_LDT_CONTENTS_CODE, .limit_in_pages = 1,
        .useable = 1,
    };

    if (syscall(SYS_modify_ldt, 1, &d, sizeof(d)) != 0) {
        perror("modify_ldt");
        return -1;
    }
    code32_sel = 0x7;                   /* LDT entry 0, RPL 3 */
    return 0;
}

void out_str(const char *s)
{
    fputs(s, stdout);
}

int main(void)
{
    if (case_bits == 32 && make_code32() < 0) {
        return 1;
    }
    run_all();
    out_str("END\n");
    return 0;
}
