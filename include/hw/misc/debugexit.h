/*
 * "isa-debug-exit": QEMU's test device.  A write of value v to any of its
 * ports (iobase, iosize bytes; default 0x501, 2) ends the process with
 * exit status (v << 1) | 1, through the run state so main() cleans up.
 * Realize maps the ports into get_system_io() itself, so that
 * `-device isa-debug-exit,iobase=0xf4,iosize=0x04` works without a bus.
 */
#ifndef HW_MISC_DEBUGEXIT_H
#define HW_MISC_DEBUGEXIT_H

#include "hw/sysbus.h"

#define TYPE_ISA_DEBUG_EXIT "isa-debug-exit"

#endif
