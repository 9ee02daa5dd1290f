/*
 * Helpers shared by the device model tests: ringbuf chardevs that device
 * properties can name, IRQ lines that record their level, and a capture of
 * the guest-error log.
 */
#ifndef TESTS_UNIT_DEVTEST_H
#define TESTS_UNIT_DEVTEST_H

#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "chardev/char.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "system/main-loop.h"

#include <unistd.h>

typedef struct IrqProbe {
    qemu_irq irq;
    int level;
    int raises;         /* low -> high transitions seen */
} IrqProbe;

static char *devtest_log_path;

static inline void *devtest_lookup_chardev(const char *id)
{
    return chardev_find(id);
}

static inline void devtest_log_restart(void)
{
    g_assert_true(kemu_log_set_file(devtest_log_path, &error_fatal));
}

/* Call once from main(): the main loop, chardev lookup and the log file. */
static inline void devtest_init(void)
{
    int fd;

    main_loop_init();
    qdev_prop_register_backend("chardev", devtest_lookup_chardev);
    kemu_loglevel |= LOG_GUEST_ERROR | LOG_UNIMP;
    fd = g_file_open_tmp("kemu-devtest-XXXXXX.log", &devtest_log_path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    devtest_log_restart();
}

/* What was logged since the last call (g_free it); starts a fresh log. */
static inline char *devtest_log_take(void)
{
    char *text = NULL;

    g_assert_true(g_file_get_contents(devtest_log_path, &text, NULL, NULL));
    devtest_log_restart();
    return text;
}

static inline void devtest_log_clear(void)
{
    g_free(devtest_log_take());
}

/* Call at exit of main(). */
static inline void devtest_cleanup(void)
{
    unlink(devtest_log_path);
    g_free(devtest_log_path);
}

/* A ringbuf chardev with a fresh id, for one device. */
static inline Chardev *devtest_ringbuf(void)
{
    static int count;
    g_autofree char *spec = g_strdup_printf("ringbuf,id=ring%d", count++);

    return chardev_new_from_str(spec, &error_fatal);
}

/* Everything the device wrote to chr so far, as a string (g_free it). */
static inline char *devtest_ringbuf_take(Chardev *chr)
{
    GByteArray *out = chardev_ringbuf_read(chr, 1 << 20);

    g_byte_array_append(out, (const uint8_t *)"", 1);
    return (char *)g_byte_array_free(out, FALSE);
}

/* Input as the chardev layer gives it: never more than can_read allows. */
static inline int devtest_inject(Chardev *chr, const char *s)
{
    int len = strlen(s);
    int n = MIN(len, chardev_be_can_read(chr));

    chardev_be_write(chr, (const uint8_t *)s, n);
    return n;
}

static inline void irq_probe_handler(void *opaque, int n, int level)
{
    IrqProbe *p = opaque;

    if (level && !p->level) {
        p->raises++;
    }
    p->level = level;
}

static inline void irq_probe_init(IrqProbe *p)
{
    *p = (IrqProbe){ .irq = qemu_allocate_irq(irq_probe_handler, p, 0) };
}

static inline void irq_probe_free(IrqProbe *p)
{
    qemu_free_irq(p->irq);
    p->irq = NULL;
}

/*
 * Destroy a device (unrealizing it unmaps its regions), so that its
 * timers and IRQ lines die before the test's probes do.
 */
static inline void devtest_destroy(DeviceState *dev)
{
    object_unparent(OBJECT(dev));
}

/* 32-bit little-endian MMIO accesses that must succeed. */
static inline uint32_t devtest_rd32(hwaddr addr)
{
    MemTxResult r;
    uint32_t v = address_space_ldl_le(&address_space_memory, addr, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

static inline void devtest_wr32(hwaddr addr, uint32_t val)
{
    MemTxResult r;

    address_space_stl_le(&address_space_memory, addr, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

/* Run the main loop until *level is set or max_ms of real time pass. */
static inline void devtest_wait_level(const int *level, int max_ms)
{
    int64_t end = kemu_clock_get_ms(KEMU_CLOCK_REALTIME) + max_ms;

    while (!*level && kemu_clock_get_ms(KEMU_CLOCK_REALTIME) < end) {
        main_loop_wait_once(10);
    }
}

#endif
