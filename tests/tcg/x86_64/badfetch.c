/*
 * A jump into unassigned physical memory (the PCI hole): KVM cannot fetch
 * instructions from MMIO, so KVM_RUN ends with an internal error, which
 * Kemu reports with the registers before exiting with status 1
 * (tests/functional/test_kvm.py).  Not for TCG, which reads zeros there.
 */
void out_str(const char *s);

void test_main(void)
{
    out_str("jumping to unassigned memory\n");
    __asm__ volatile("jmp *%0" : : "r"(0xc0000000ul));
}
