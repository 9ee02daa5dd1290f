/*
 * The human monitor on a character device: the chardev's input feeds the
 * line editor, output goes back through the frontend.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "chardev/char.h"
#include "monitor/monitor.h"

typedef struct MonitorChardev {
    CharFrontend fe;
    Monitor *mon;
} MonitorChardev;

static void monitor_chr_write(void *opaque, const char *text, size_t len)
{
    MonitorChardev *mc = opaque;

    chardev_fe_write_all(&mc->fe, (const uint8_t *)text, len);
}

static int monitor_chr_can_read(void *opaque)
{
    return 256;
}

static void monitor_chr_read(void *opaque, const uint8_t *buf, int len)
{
    MonitorChardev *mc = opaque;

    monitor_feed(mc->mon, buf, len);
}

/*
 * A new client, or the mux switched to us: greet it with a prompt.  On a
 * mux only the focus change counts (it also reports the backend opening).
 */
static void monitor_chr_event(void *opaque, ChardevEvent ev)
{
    MonitorChardev *mc = opaque;
    ChardevEvent greet = chardev_is_mux(mc->fe.chr) ? CHR_EVENT_MUX_IN
                                                    : CHR_EVENT_OPENED;

    if (ev == greet) {
        monitor_start(mc->mon);
    }
}

bool monitor_init_hmp(Chardev *chr, Error **errp)
{
    MonitorChardev *mc = g_new0(MonitorChardev, 1);

    if (!chardev_fe_init(&mc->fe, chr, errp)) {
        g_free(mc);
        return false;
    }
    mc->mon = monitor_new(monitor_chr_write, mc);
    chardev_fe_set_handlers(&mc->fe, monitor_chr_can_read, monitor_chr_read,
                            monitor_chr_event, mc);
    return true;
}
