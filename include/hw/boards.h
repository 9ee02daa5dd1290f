/*
 * Boards ("machines"): a static description per board, registered at
 * start-up, and the state of the one machine being run.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "system/cmdline.h"
#include "exec/memory.h"

typedef struct MachineState MachineState;

typedef struct MachineClass {
    const char *name;
    const char *desc;
    const char *arch;           /* guest architecture; NULL: any (-M none) */
    bool is_default;            /* the board kemu-system-ARCH picks */
    unsigned max_cpus;          /* 0: the board has no CPUs */
    uint64_t default_ram_size;  /* used when -m is not given */
    const char *const *props;   /* -machine properties it takes, NULL-ended */
    /* The device -drive if=virtio creates (NULL: the board has none). */
    const char *virtio_blk_device;
    /* The NIC -nic and -net nic create without model= (NULL: none). */
    const char *default_nic;
    bool boots_kernel;          /* takes -kernel, -initrd, -append, -dtb */
    /* Build the board's devices and memory map from ms->cfg. */
    bool (*init)(MachineState *ms, Error **errp);
} MachineClass;

struct MachineState {
    const MachineClass *mc;
    const KemuConfig *cfg;
    uint64_t ram_size;
    /* Guest RAM ("ram", ram_size bytes, unmapped): the board places it. */
    MemoryRegion ram;
};

/* Called from constructors: see machine_init(). */
void machine_register(const MachineClass *mc);
#define machine_init(mc)                                                \
    static void __attribute__((constructor)) register_##mc(void)        \
    {                                                                   \
        machine_register(&mc);                                          \
    }

/* Find board name usable for arch (NULL arch: any configured one). */
const MachineClass *machine_find(const char *name, const char *arch);
const MachineClass *machine_default_for(const char *arch);
/* The -M help listing for arch (NULL: every board). */
void machine_print_list(GString *out, const char *arch);

/*
 * Validate cfg against the board (CPU count, RAM) and build it.  The
 * MachineState stays alive for the life of the process.
 */
MachineState *machine_create(const MachineClass *mc, const KemuConfig *cfg,
                             Error **errp);
MachineState *current_machine(void);

#endif
