/*
 * -d logging: a mask of enabled items, written to stderr or the -D file.
 * Guest misbehaviour is logged under LOG_GUEST_ERROR, never aborted on.
 */
#ifndef KEMU_LOG_H
#define KEMU_LOG_H

enum {
    LOG_IN_ASM       = 1 << 0,
    LOG_OUT_ASM      = 1 << 1,
    LOG_OP           = 1 << 2,
    LOG_OP_OPT       = 1 << 3,
    LOG_INT          = 1 << 4,
    LOG_EXEC         = 1 << 5,
    LOG_CPU          = 1 << 6,
    LOG_MMU          = 1 << 7,
    LOG_GUEST_ERROR  = 1 << 8,
    LOG_UNIMP        = 1 << 9,
    LOG_PAGE         = 1 << 10,
    LOG_JIT          = 1 << 11,
    LOG_KVM_EXIT     = 1 << 12,
    LOG_KVM_IRQ      = 1 << 13,
};

extern int kemu_loglevel;

static inline bool kemu_log_enabled(int mask)
{
    return (kemu_loglevel & mask) != 0;
}

void kemu_log(const char *fmt, ...) KEMU_PRINTF(1, 2);

/* Log only when one of the bits in mask is enabled. */
#define kemu_log_mask(mask, ...)             \
    do {                                     \
        if (kemu_log_enabled(mask)) {        \
            kemu_log(__VA_ARGS__);           \
        }                                    \
    } while (0)

/*
 * Parse a -d item list ("in_asm,int" or "help").  Returns the mask, or -1
 * with errp set naming the unknown item.
 */
typedef struct Error Error;
int kemu_log_parse_items(const char *list, Error **errp);
/* Print the -d items and what they log to stdout. */
void kemu_log_print_items(void);
/* Send the log to a file (-D) instead of stderr. */
bool kemu_log_set_file(const char *path, Error **errp);

#endif
