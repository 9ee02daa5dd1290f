/*
 * The command line, parsed into one configuration object before anything
 * is created.  Syntax and semantics follow QEMU's: options take one or two
 * leading dashes, option strings are "key=value,..." (util/keyval.h).
 */
#ifndef SYSTEM_CMDLINE_H
#define SYSTEM_CMDLINE_H

#include "util/keyval.h"

/* What to print instead of running, decided while parsing. */
typedef enum HelpRequest {
    HELP_NONE,
    HELP_USAGE,         /* -h, -help */
    HELP_VERSION,       /* -version */
    HELP_MACHINES,      /* -M help */
    HELP_CPUS,          /* -cpu help */
    HELP_DEVICES,       /* -device help */
    HELP_DEVICE_PROPS,  /* -device NAME,help: help_arg = NAME */
    HELP_LOG_ITEMS,     /* -d help */
    HELP_ACCELS,        /* -accel help */
} HelpRequest;

typedef struct SmpConfig {
    unsigned cpus, sockets, cores, threads, maxcpus;
} SmpConfig;

typedef struct KemuConfig {
    /* Guest architecture implied by the program name, or NULL for "kemu". */
    const char *arch;

    char *machine_type;         /* -M name, or NULL for the arch's default */
    Keyval *machine_opts;       /* remaining -M properties (accel= removed) */
    uint64_t ram_size;          /* -m, bytes; 0 = board default */
    uint64_t maxmem;            /* -m maxmem=, bytes; 0 = same as ram_size */
    char *mem_path;             /* -mem-path */
    bool mem_prealloc;          /* -mem-prealloc */
    SmpConfig smp;              /* -smp, completed and validated */
    char *cpu_model;            /* -cpu */
    char *accel;                /* -accel / -machine accel=: "kvm" or "tcg" */
    Keyval *accel_opts;         /* -accel properties besides the name */

    char *kernel, *initrd, *append, *dtb, *bios;

    /* Option strings of repeatable options, in command-line order. */
    GPtrArray *drives, *devices, *netdevs, *nics, *nets, *chardevs;
    GPtrArray *serials, *monitors, *qmps;

    char *display;              /* -display type[,opts] */
    bool nographic;             /* -nographic */
    bool nodefaults;            /* -nodefaults */
    bool start_paused;          /* -S */
    char *gdb;                  /* -gdb dev; -s is -gdb tcp::1234 */
    int log_mask;               /* -d */
    char *log_file;             /* -D */
    bool no_reboot, no_shutdown;
    bool semihosting;           /* -semihosting */
    char *name;                 /* -name */

    HelpRequest help;
    char *help_arg;
} KemuConfig;

/* Architectures this binary knows (configured targets). */
const char *const *kemu_configured_arches(void);
/* "kemu-system-aarch64" -> "aarch64"; NULL for anything else. */
const char *kemu_arch_from_progname(const char *progname);

void kemu_config_init(KemuConfig *cfg, const char *arch);
void kemu_config_free(KemuConfig *cfg);
/*
 * Parse argv[1..argc-1] into cfg.  On error errp names the option at fault
 * ("-m: ..."), and the caller exits with status 1.
 */
bool kemu_parse_args(KemuConfig *cfg, int argc, char **argv, Error **errp);
/* The -h text. */
void kemu_print_usage(FILE *out, const char *progname);

#endif
