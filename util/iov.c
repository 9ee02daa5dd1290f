/* Scatter-gather helpers (see include/kemu/iov.h). */
#include "kemu/osdep.h"
#include "kemu/iov.h"

size_t iov_size(const struct iovec *iov, int iovcnt)
{
    size_t n = 0;

    for (int i = 0; i < iovcnt; i++) {
        n += iov[i].iov_len;
    }
    return n;
}

/* Walk bytes of the iovec starting at offset, running BODY on each piece
 * (p_: its address, n_: its length, done_: bytes before it). */
#define IOV_WALK(iov, iovcnt, offset, bytes, BODY)                          \
    do {                                                                    \
        size_t done_ = 0, skip_ = (offset);                                 \
        for (int i_ = 0; i_ < (iovcnt) && done_ < (bytes); i_++) {          \
            if (skip_ >= (iov)[i_].iov_len) {                               \
                skip_ -= (iov)[i_].iov_len;                                 \
                continue;                                                   \
            }                                                               \
            size_t n_ = MIN((iov)[i_].iov_len - skip_, (bytes) - done_);    \
            uint8_t *p_ = (uint8_t *)(iov)[i_].iov_base + skip_;            \
            BODY;                                                           \
            done_ += n_;                                                    \
            skip_ = 0;                                                      \
        }                                                                   \
        assert(done_ == (bytes));                                           \
    } while (0)

void iov_to_buf(const struct iovec *iov, int iovcnt, size_t offset,
                void *buf, size_t bytes)
{
    IOV_WALK(iov, iovcnt, offset, bytes,
             memcpy((uint8_t *)buf + done_, p_, n_));
}

void iov_from_buf(const struct iovec *iov, int iovcnt, size_t offset,
                  const void *buf, size_t bytes)
{
    IOV_WALK(iov, iovcnt, offset, bytes,
             memcpy(p_, (const uint8_t *)buf + done_, n_));
}

void iov_memset(const struct iovec *iov, int iovcnt, size_t offset, int c,
                size_t bytes)
{
    IOV_WALK(iov, iovcnt, offset, bytes, memset(p_, c, n_));
}

int iov_slice(const struct iovec *iov, int iovcnt, size_t offset,
              size_t bytes, struct iovec *out, int room)
{
    int cnt = 0;

    IOV_WALK(iov, iovcnt, offset, bytes, ({
        assert(cnt < room);
        out[cnt++] = (struct iovec){ .iov_base = p_, .iov_len = n_ };
    }));
    return cnt;
}
