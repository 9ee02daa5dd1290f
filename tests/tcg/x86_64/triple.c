/*
 * A triple fault: #UD with an empty IDT raises #GP, #GP while delivering
 * #GP raises #DF, #DF cannot be delivered either.  The machine resets;
 * with -no-reboot Kemu exits (test_x86_64.py checks nothing follows).
 */
void out_str(const char *s);

void test_main(void)
{
    struct __attribute__((packed)) { unsigned short limit; unsigned long base; }
        d = { 0, 0 };

    out_str("triple fault next\n");
    __asm__ volatile("lidt %0\n ud2" : : "m"(d));
    out_str("still running\n");
}
