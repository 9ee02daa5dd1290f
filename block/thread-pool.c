/*
 * The I/O thread pool: a GThreadPool runs the blocking work; the
 * completion is handed to the main loop's context as an idle source, so
 * it runs on the main thread under the big lock.
 */
#include "kemu/osdep.h"
#include "block/thread-pool.h"

#define THREAD_POOL_MAX_THREADS 8

typedef struct ThreadPoolItem {
    ThreadPoolFunc *func;
    ThreadPoolCompletion *done;
    void *opaque;
    int ret;
} ThreadPoolItem;

static gboolean thread_pool_complete(gpointer data)
{
    ThreadPoolItem *item = data;

    item->done(item->opaque, item->ret);
    g_free(item);
    return G_SOURCE_REMOVE;
}

static void thread_pool_worker(gpointer data, gpointer user_data)
{
    ThreadPoolItem *item = data;
    GSource *src;

    item->ret = item->func(item->opaque);
    src = g_idle_source_new();
    g_source_set_callback(src, thread_pool_complete, item, NULL);
    /* Attaching wakes the main context up if it sleeps in poll(). */
    g_source_attach(src, g_main_context_default());
    g_source_unref(src);
}

static GThreadPool *thread_pool_get(void)
{
    static gsize once;
    static GThreadPool *pool;

    if (g_once_init_enter(&once)) {
        pool = g_thread_pool_new(thread_pool_worker, NULL,
                                 THREAD_POOL_MAX_THREADS, false, NULL);
        g_once_init_leave(&once, 1);
    }
    return pool;
}

void thread_pool_submit(ThreadPoolFunc *func, ThreadPoolCompletion *done,
                        void *opaque)
{
    ThreadPoolItem *item = g_new0(ThreadPoolItem, 1);

    item->func = func;
    item->done = done;
    item->opaque = opaque;
    g_thread_pool_push(thread_pool_get(), item, NULL);
}
