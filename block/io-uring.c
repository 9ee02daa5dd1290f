/*
 * io_uring for the raw driver (see block/io-uring.h).  One ring per open
 * image; requests that do not fit in the submission queue wait in a list
 * until completions make room.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "io-uring.h"

#include <glib-unix.h>
#include <limits.h>
#include <liburing.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define LURING_ENTRIES 128

struct LuringState {
    struct io_uring ring;
    int efd;
    guint watch;
    unsigned in_flight;
    GQueue waiting;             /* LuringReq: no submission entry yet */
};

typedef struct LuringReq {
    LuringState *s;
    int fd;
    BdrvAioOp op;
    uint64_t offset;
    struct iovec *iov;          /* the caller's */
    int iovcnt;
    uint64_t bytes;
    uint64_t done;              /* bytes transferred so far */
    struct iovec *rest;         /* iov from done on, after a short transfer */
    BdrvAioCompletion *cb;
    void *opaque;
} LuringReq;

/* Queue req's (remaining) transfer; false when the queue is full. */
static bool luring_prep(LuringState *s, LuringReq *req)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);
    struct iovec *v = req->iov;
    int n = req->iovcnt;

    if (!sqe) {
        return false;
    }
    if (req->done) {
        req->rest = req->rest ? req->rest
                              : g_new(struct iovec, req->iovcnt);
        n = iov_slice(req->iov, req->iovcnt, req->done,
                      req->bytes - req->done, req->rest, req->iovcnt);
        v = req->rest;
    }
    n = MIN(n, IOV_MAX);        /* the rest goes as a short transfer */
    switch (req->op) {
    case BDRV_AIO_READ:
        io_uring_prep_readv(sqe, req->fd, v, n, req->offset + req->done);
        break;
    case BDRV_AIO_WRITE:
        io_uring_prep_writev(sqe, req->fd, v, n, req->offset + req->done);
        break;
    case BDRV_AIO_FLUSH:
        io_uring_prep_fsync(sqe, req->fd, IORING_FSYNC_DATASYNC);
        break;
    }
    io_uring_sqe_set_data(sqe, req);
    return true;
}

static void luring_start(LuringState *s, LuringReq *req)
{
    if (!g_queue_is_empty(&s->waiting) || !luring_prep(s, req)) {
        g_queue_push_tail(&s->waiting, req);
        return;
    }
    io_uring_submit(&s->ring);
}

static void luring_finish(LuringState *s, LuringReq *req, int ret)
{
    s->in_flight--;
    req->cb(req->opaque, ret);
    g_free(req->rest);
    g_free(req);
}

/* One completion: done, or resubmitted for the rest of a short transfer. */
static void luring_complete(LuringState *s, LuringReq *req, int res)
{
    if (res == -EINTR || res == -EAGAIN) {
        g_queue_push_head(&s->waiting, req);
        return;
    }
    if (res < 0 || req->op == BDRV_AIO_FLUSH) {
        luring_finish(s, req, res < 0 ? res : 0);
        return;
    }
    if (res == 0) {
        if (req->op == BDRV_AIO_WRITE) {
            luring_finish(s, req, -EIO);
            return;
        }
        iov_memset(req->iov, req->iovcnt, req->done, 0,
                   req->bytes - req->done);
        res = req->bytes - req->done;
    }
    req->done += res;
    if (req->done == req->bytes) {
        luring_finish(s, req, 0);
        return;
    }
    g_queue_push_head(&s->waiting, req);
}

/* Reap every completion, then give waiting requests the room they left. */
static void luring_process(LuringState *s)
{
    struct io_uring_cqe *cqe;
    LuringReq *req;
    bool queued = false;

    while (io_uring_peek_cqe(&s->ring, &cqe) == 0) {
        int res = cqe->res;

        req = io_uring_cqe_get_data(cqe);
        io_uring_cqe_seen(&s->ring, cqe);
        luring_complete(s, req, res);
    }
    while ((req = g_queue_peek_head(&s->waiting)) && luring_prep(s, req)) {
        g_queue_pop_head(&s->waiting);
        queued = true;
    }
    if (queued) {
        io_uring_submit(&s->ring);
    }
}

static gboolean luring_ready(gint fd, GIOCondition cond, gpointer data)
{
    uint64_t n;

    if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN) {
        return G_SOURCE_CONTINUE;
    }
    luring_process(data);
    return G_SOURCE_CONTINUE;
}

LuringState *luring_new(Error **errp)
{
    LuringState *s = g_new0(LuringState, 1);
    int ret = io_uring_queue_init(LURING_ENTRIES, &s->ring, 0);

    if (ret < 0) {
        error_setg_errno(errp, -ret, "aio=io_uring: could not set up a ring");
        g_free(s);
        return NULL;
    }
    s->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (s->efd < 0 || io_uring_register_eventfd(&s->ring, s->efd) < 0) {
        error_setg_errno(errp, errno, "aio=io_uring: could not watch the "
                         "ring");
        if (s->efd >= 0) {
            close(s->efd);
        }
        io_uring_queue_exit(&s->ring);
        g_free(s);
        return NULL;
    }
    g_queue_init(&s->waiting);
    s->watch = g_unix_fd_add(s->efd, G_IO_IN, luring_ready, s);
    return s;
}

void luring_free(LuringState *s)
{
    if (!s) {
        return;
    }
    while (s->in_flight) {
        struct io_uring_cqe *cqe;

        if (io_uring_wait_cqe(&s->ring, &cqe) == 0) {
            luring_process(s);
        }
    }
    g_source_remove(s->watch);
    io_uring_queue_exit(&s->ring);
    close(s->efd);
    g_free(s);
}

void luring_submit(LuringState *s, int fd, BdrvAioOp op, uint64_t offset,
                   struct iovec *iov, int iovcnt, BdrvAioCompletion *cb,
                   void *opaque)
{
    LuringReq *req = g_new0(LuringReq, 1);

    *req = (LuringReq){
        .s = s, .fd = fd, .op = op, .offset = offset, .iov = iov,
        .iovcnt = iovcnt, .bytes = iov_size(iov, iovcnt), .cb = cb,
        .opaque = opaque,
    };
    s->in_flight++;
    luring_start(s, req);
}
