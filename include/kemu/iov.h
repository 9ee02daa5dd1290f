/*
 * Scatter-gather helpers on struct iovec arrays, shared by the block
 * layer, the net layer and the virtio devices.  Offsets and lengths are
 * bytes; a range outside the iovec is a programming error (asserts).
 */
#ifndef KEMU_IOV_H
#define KEMU_IOV_H

#include <sys/uio.h>

/* Sum of the lengths. */
size_t iov_size(const struct iovec *iov, int iovcnt);
/* Copy bytes at offset of the iovec to buf, or from buf into the iovec. */
void iov_to_buf(const struct iovec *iov, int iovcnt, size_t offset,
                void *buf, size_t bytes);
void iov_from_buf(const struct iovec *iov, int iovcnt, size_t offset,
                  const void *buf, size_t bytes);
void iov_memset(const struct iovec *iov, int iovcnt, size_t offset, int c,
                size_t bytes);
/*
 * Describe [offset, offset+bytes) of iov in out (room entries, which
 * must be enough: at most iovcnt).  Returns the number of entries used.
 */
int iov_slice(const struct iovec *iov, int iovcnt, size_t offset,
              size_t bytes, struct iovec *out, int room);

#endif
