/*
 * The backends the command line asks for, created before the machine:
 * -chardev, -serial (serial_hd() hands them to boards), -monitor, -qmp, and the
 * defaults QEMU users expect (-nographic multiplexes serial and monitor on
 * stdio; -nodefaults creates none).
 */
#ifndef SYSTEM_BACKENDS_H
#define SYSTEM_BACKENDS_H

#include "system/cmdline.h"

typedef struct Chardev Chardev;

#define MAX_SERIAL_PORTS 4

/* Chardevs, drives, network backends and serial ports: before the machine,
 * whose devices use them. */
bool backends_create(const KemuConfig *cfg, Error **errp);
/*
 * Monitors: after the machine, so that on a shared mux (-nographic) the
 * serial port is the first frontend and has the focus, as in QEMU.
 */
bool monitors_create(const KemuConfig *cfg, Error **errp);
/* Plug a `device` (e.g. virtio-blk-device) for each -drive if=virtio. */
bool drives_attach_virtio(const char *device, const char *machine,
                          Error **errp);
/* The chardev for serial port i, or NULL when none was asked for. */
Chardev *serial_hd(int i);

#endif
