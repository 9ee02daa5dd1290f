/*
 * -d logging items and the log file.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"

#include <stdarg.h>

int kemu_loglevel;
static FILE *log_file;

typedef struct LogItem {
    int mask;
    const char *name;
    const char *help;
} LogItem;

static const LogItem log_items[] = {
    { LOG_IN_ASM, "in_asm", "show target assembly code for each compiled TB" },
    { LOG_OUT_ASM, "out_asm", "show generated host assembly code for each compiled TB" },
    { LOG_OP, "op", "show micro ops for each compiled TB" },
    { LOG_OP_OPT, "op_opt", "show micro ops after optimization" },
    { LOG_INT, "int", "show interrupts/exceptions in short format" },
    { LOG_EXEC, "exec", "show trace before each executed TB" },
    { LOG_CPU, "cpu", "show CPU registers before entering a TB" },
    { LOG_MMU, "mmu", "log MMU-related activities" },
    { LOG_GUEST_ERROR, "guest_errors", "log when the guest OS does something invalid" },
    { LOG_UNIMP, "unimp", "log unimplemented functionality" },
    { LOG_PAGE, "page", "dump pages at beginning of user mode emulation" },
    { LOG_JIT, "jit", "show translator statistics (translation speed) at exit" },
    { LOG_KVM_EXIT, "kvm_exit",
      "show each port I/O and MMIO exit of a KVM vCPU to userspace" },
    { LOG_KVM_IRQ, "kvm_irq",
      "show each MSI sent from userspace and each KVM MSI route and irqfd" },
};

void kemu_log(const char *fmt, ...)
{
    va_list ap;
    FILE *f = log_file ? log_file : stderr;

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
}

int kemu_log_parse_items(const char *list, Error **errp)
{
    g_auto(GStrv) items = g_strsplit(list, ",", -1);
    int mask = 0;

    for (int i = 0; items[i]; i++) {
        bool found = false;

        if (!*items[i]) {
            continue;
        }
        if (!strcmp(items[i], "all")) {
            for (size_t j = 0; j < G_N_ELEMENTS(log_items); j++) {
                mask |= log_items[j].mask;
            }
            continue;
        }
        for (size_t j = 0; j < G_N_ELEMENTS(log_items); j++) {
            if (!strcmp(items[i], log_items[j].name)) {
                mask |= log_items[j].mask;
                found = true;
            }
        }
        if (!found) {
            error_setg(errp, "-d: unknown log item '%s' (try -d help)", items[i]);
            return -1;
        }
    }
    return mask;
}

void kemu_log_print_items(void)
{
    printf("Log items (comma separated):\n");
    for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
        printf("%-15s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool kemu_log_set_file(const char *path, Error **errp)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        error_setg_errno(errp, errno, "-D: cannot open log file '%s'", path);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    return true;
}
