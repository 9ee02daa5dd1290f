/*
 * -M none: a board with no CPU and no devices, as QEMU's, so the core and
 * the monitor can run before (and without) any real board.  With -m it
 * maps that much RAM at address 0, as QEMU's does.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/boards.h"

static bool none_init(MachineState *ms, Error **errp)
{
    if (ms->ram_size) {
        memory_region_add_subregion(get_system_memory(), 0, &ms->ram);
    }
    return true;
}

static const MachineClass none_machine = {
    .name = "none",
    .desc = "empty machine",
    .init = none_init,
};
machine_init(none_machine)
