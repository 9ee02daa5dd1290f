/*
 * Boot images (kernel, initrd, device tree) that a board writes into guest
 * RAM at start-up.  A copy of each is kept and written again on every
 * system reset, so a guest reboot starts from pristine images, as QEMU's
 * ROM blobs do.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "exec/memory.h"
#include "hw/loader.h"
#include "system/runstate.h"

typedef struct BootBlob {
    uint64_t addr;
    size_t len;
    uint8_t *data;      /* NULL: zeros (bss) */
} BootBlob;

static GArray *boot_blobs;

static bool write_blob(const BootBlob *b)
{
    static const uint8_t zeros[4096];
    MemTxResult r = MEMTX_OK;

    if (b->data) {
        return address_space_write(&address_space_memory, b->addr, b->data,
                                   b->len) == MEMTX_OK;
    }
    for (size_t off = 0; off < b->len && r == MEMTX_OK; off += sizeof(zeros)) {
        r = address_space_write(&address_space_memory, b->addr + off, zeros,
                                MIN(sizeof(zeros), b->len - off));
    }
    return r == MEMTX_OK;
}

static void boot_blobs_reset(void *opaque)
{
    for (guint i = 0; i < boot_blobs->len; i++) {
        write_blob(&g_array_index(boot_blobs, BootBlob, i));
    }
}

bool loader_write_boot_blob(uint64_t addr, const void *buf, size_t len,
                            Error **errp)
{
    BootBlob b = { addr, len, buf ? g_memdup2(buf, len) : NULL };

    if (!write_blob(&b)) {
        g_free(b.data);
        error_setg(errp, "cannot write guest memory at 0x%" PRIx64, addr);
        return false;
    }
    if (!boot_blobs) {
        boot_blobs = g_array_new(FALSE, FALSE, sizeof(BootBlob));
        kemu_register_reset(boot_blobs_reset, NULL);
    }
    g_array_append_val(boot_blobs, b);
    return true;
}
