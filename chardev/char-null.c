/*
 * null backend: output is discarded, there is never input.
 */
#include "kemu/osdep.h"
#include "chardev/char.h"

static bool null_open(Chardev *chr, Error **errp)
{
    chr->be_open = true;
    return true;
}

static int null_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

const ChardevClass chardev_null_class = {
    .name = "null",
    .instance_size = sizeof(Chardev),
    .open = null_open,
    .write = null_write,
};
