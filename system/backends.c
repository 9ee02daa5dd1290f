/*
 * Chardevs, serial ports and monitors from the command line.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block-backend.h"
#include "chardev/char.h"
#include "hw/qdev-properties.h"
#include "monitor/monitor.h"
#include "net/netdev.h"
#include "system/backends.h"

static Chardev *serial_chardevs[MAX_SERIAL_PORTS];
static bool serial_monitor[MAX_SERIAL_PORTS];   /* "mon:" shares a monitor */

Chardev *serial_hd(int i)
{
    return i >= 0 && i < MAX_SERIAL_PORTS ? serial_chardevs[i] : NULL;
}

static void *lookup_chardev(const char *id)
{
    return chardev_find(id);
}

static void *lookup_drive(const char *id)
{
    return blk_by_name(id);
}

/*
 * -drive opens every image now (locking it); if=none drives wait for a
 * -device, if=virtio ones get the board's virtio-blk device
 * (drives_attach_virtio, after the machine exists).
 */
static bool create_drives(const KemuConfig *cfg, Error **errp)
{
    for (guint i = 0; i < cfg->drives->len; i++) {
        if (!blockdev_drive_new(g_ptr_array_index(cfg->drives, i), errp)) {
            return false;
        }
    }
    return true;
}

bool drives_attach_virtio(const char *device, const char *machine,
                          Error **errp)
{
    g_autoptr(GPtrArray) list = blk_list();

    for (guint i = 0; i < list->len; i++) {
        BlockBackend *blk = g_ptr_array_index(list, i);
        g_autofree char *opts = NULL;

        if (blk_interface(blk) != IF_VIRTIO) {
            continue;
        }
        if (!device) {
            error_setg(errp, "-drive if=virtio: machine '%s' has no virtio "
                       "transport", machine);
            return false;
        }
        opts = g_strdup_printf("%s,drive=%s", device, blk_name(blk));
        if (!qdev_device_add_from_str(opts, errp)) {
            error_prepend(errp, "-drive if=virtio: ");
            return false;
        }
    }
    return true;
}

static bool create_chardevs(const KemuConfig *cfg, Error **errp)
{
    for (guint i = 0; i < cfg->chardevs->len; i++) {
        if (!chardev_new_from_str(g_ptr_array_index(cfg->chardevs, i), errp)) {
            error_prepend(errp, "-chardev: ");
            return false;
        }
    }
    return true;
}

/*
 * A monitor spec is a legacy chardev spec; "mon:" shares it with a serial
 * port, and a serial "mon:" spec also carries a monitor.
 */
static bool create_monitor(const char *spec, const char *id, bool qmp,
                           Error **errp)
{
    Chardev *chr = chardev_new_from_legacy(spec, id, errp);

    if (!chr) {
        if (errp && *errp) {
            error_prepend(errp, qmp ? "-qmp: " : "-monitor: ");
            return false;
        }
        return true;                        /* -monitor none */
    }
    return qmp ? monitor_init_qmp(chr, errp) : monitor_init_hmp(chr, errp);
}

static bool create_serials(const char *const *specs, guint count, Error **errp)
{
    if (count > MAX_SERIAL_PORTS) {
        error_setg(errp, "-serial: at most %d serial ports", MAX_SERIAL_PORTS);
        return false;
    }
    for (guint i = 0; i < count; i++) {
        g_autofree char *id = g_strdup_printf("serial%u", i);
        Chardev *chr = chardev_new_from_legacy(specs[i], id, errp);

        if (!chr) {
            if (errp && *errp) {
                error_prepend(errp, "-serial: ");
                return false;
            }
            continue;                       /* -serial none */
        }
        serial_chardevs[i] = chr;
        serial_monitor[i] = g_str_has_prefix(specs[i], "mon:");
    }
    return true;
}

static bool serial_has_monitor(const KemuConfig *cfg)
{
    for (guint i = 0; i < cfg->serials->len; i++) {
        if (g_str_has_prefix(g_ptr_array_index(cfg->serials, i), "mon:")) {
            return true;
        }
    }
    return false;
}

bool backends_create(const KemuConfig *cfg, Error **errp)
{
    const char *default_serial = cfg->nographic ? "mon:stdio" : "null";

    qdev_prop_register_backend("chardev", lookup_chardev);
    qdev_prop_register_backend("drive", lookup_drive);
    if (!create_chardevs(cfg, errp) || !create_drives(cfg, errp) ||
        !net_init_clients(cfg->netdevs, cfg->nics, cfg->nets, errp)) {
        return false;
    }
    /*
     * QEMU's defaults without a display: -nographic puts serial0 and the
     * monitor on one stdio mux; otherwise they go nowhere ("vc" is null).
     */
    if (cfg->serials->len) {
        return create_serials((const char *const *)cfg->serials->pdata,
                              cfg->serials->len, errp);
    }
    return cfg->nodefaults || create_serials(&default_serial, 1, errp);
}

bool monitors_create(const KemuConfig *cfg, Error **errp)
{
    for (int i = 0; i < MAX_SERIAL_PORTS; i++) {
        if (serial_monitor[i] && !monitor_init_hmp(serial_hd(i), errp)) {
            return false;
        }
    }
    /* -nographic with serials sent elsewhere still gets a stdio monitor. */
    if (cfg->nographic && cfg->serials->len && !cfg->monitors->len &&
        !cfg->nodefaults && !serial_has_monitor(cfg) &&
        !create_monitor("mon:stdio", "compat_monitor0", false, errp)) {
        return false;
    }
    for (guint i = 0; i < cfg->monitors->len; i++) {
        g_autofree char *id = g_strdup_printf("compat_monitor%u", i);
        if (!create_monitor(g_ptr_array_index(cfg->monitors, i), id, false,
                            errp)) {
            return false;
        }
    }
    for (guint i = 0; i < cfg->qmps->len; i++) {
        g_autofree char *id = g_strdup_printf("qmp%u", i);
        if (!create_monitor(g_ptr_array_index(cfg->qmps, i), id, true, errp)) {
            return false;
        }
    }
    return true;
}
