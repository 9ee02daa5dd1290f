/*
 * -M none: a board with no CPU and no devices, as QEMU's, so the core and
 * the monitor can run before (and without) any real board.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/boards.h"

static bool none_init(MachineState *ms, Error **errp)
{
    return true;
}

static const MachineClass none_machine = {
    .name = "none",
    .desc = "empty machine",
    .init = none_init,
};
machine_init(none_machine)
