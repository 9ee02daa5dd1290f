/*
 * Image locking, compatible with QEMU's: open file description (OFD)
 * byte-range locks on the image file itself.  Permission bit i is held
 * with a shared lock on byte 100+i; "others may not have permission i" is
 * a shared lock on byte 200+i.  Taking a permission conflicts with any
 * lock on 200+i, refusing to share one conflicts with any lock on 100+i.
 * Because the locks belong to the open file description, two opens in one
 * process exclude each other too, and closing the fd drops them.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "block/block.h"

#include <fcntl.h>

#define LOCK_PERM_BASE   100
#define LOCK_SHARED_BASE 200

enum {
    PERM_CONSISTENT_READ = 1 << 0,
    PERM_WRITE = 1 << 1,
    PERM_WRITE_UNCHANGED = 1 << 2,
    PERM_RESIZE = 1 << 3,
    PERM_COUNT = 4,
};

static const char *const perm_names[PERM_COUNT] = {
    "consistent read", "write", "write unchanged", "resize",
};

static int lock_byte(int fd, int byte, int type, int cmd)
{
    struct flock fl = {
        .l_whence = SEEK_SET, .l_start = byte, .l_len = 1, .l_type = type,
    };

    if (fcntl(fd, cmd, &fl) < 0) {
        return -errno;
    }
    if (cmd == F_OFD_GETLK && fl.l_type != F_UNLCK) {
        return -EAGAIN;
    }
    return 0;
}

/* Would an exclusive lock on byte succeed?  0, -EAGAIN, or -errno. */
static int test_byte(int fd, int byte)
{
    return lock_byte(fd, byte, F_WRLCK, F_OFD_GETLK);
}

static bool lock_fail(int err, const char *filename, const char *what,
                      const char *perm, Error **errp)
{
    if (err == -EAGAIN || err == -EACCES) {
        error_setg(errp, "Failed to get %s\"%s\" lock; is another process "
                   "using the image [%s]?", what, perm, filename);
    } else {
        error_setg_errno(errp, -err, "Failed to lock '%s'", filename);
    }
    return false;
}

bool bdrv_lock_image(int fd, const char *filename, bool write, Error **errp)
{
    /* What QEMU asks for on an image file: readers refuse to share write,
     * writers also take write and resize and share neither. */
    unsigned perm = PERM_CONSISTENT_READ | (write ? PERM_WRITE | PERM_RESIZE
                                                  : 0);
    unsigned unshared = PERM_WRITE | (write ? PERM_RESIZE : 0);
    int ret;

    for (int i = 0; i < PERM_COUNT; i++) {
        if ((perm & (1u << i)) &&
            (ret = lock_byte(fd, LOCK_PERM_BASE + i, F_RDLCK, F_OFD_SETLK))) {
            return lock_fail(ret, filename, "", perm_names[i], errp);
        }
        if ((unshared & (1u << i)) &&
            (ret = lock_byte(fd, LOCK_SHARED_BASE + i, F_RDLCK,
                             F_OFD_SETLK))) {
            return lock_fail(ret, filename, "shared ", perm_names[i], errp);
        }
    }
    for (int i = 0; i < PERM_COUNT; i++) {
        if ((perm & (1u << i)) &&
            (ret = test_byte(fd, LOCK_SHARED_BASE + i))) {
            return lock_fail(ret, filename, "", perm_names[i], errp);
        }
        if ((unshared & (1u << i)) &&
            (ret = test_byte(fd, LOCK_PERM_BASE + i))) {
            return lock_fail(ret, filename, "shared ", perm_names[i], errp);
        }
    }
    return true;
}
