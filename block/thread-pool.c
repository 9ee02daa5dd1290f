/*
 * The I/O thread pool: a GThreadPool runs the blocking work.  Finished
 * items wait in a list; the first one to arrive while the list is empty
 * schedules one idle source on the main loop's context, which runs every
 * completion waiting by then (main thread, big lock held).  A burst of
 * completions thus costs one main-loop wakeup, not one each.
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

static GMutex done_lock;
static GQueue done_items = G_QUEUE_INIT;   /* under done_lock */

static gboolean thread_pool_complete(gpointer data)
{
    GQueue batch;
    ThreadPoolItem *item;

    g_mutex_lock(&done_lock);
    batch = done_items;
    g_queue_init(&done_items);
    g_mutex_unlock(&done_lock);
    while ((item = g_queue_pop_head(&batch))) {
        item->done(item->opaque, item->ret);
        g_free(item);
    }
    return G_SOURCE_REMOVE;
}

static void thread_pool_worker(gpointer data, gpointer user_data)
{
    ThreadPoolItem *item = data;
    bool first;

    item->ret = item->func(item->opaque);
    g_mutex_lock(&done_lock);
    first = g_queue_is_empty(&done_items);
    g_queue_push_tail(&done_items, item);
    g_mutex_unlock(&done_lock);
    if (first) {
        /* Attaching wakes the main context up if it sleeps in poll(). */
        GSource *src = g_idle_source_new();

        g_source_set_callback(src, thread_pool_complete, NULL, NULL);
        g_source_attach(src, g_main_context_default());
        g_source_unref(src);
    }
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
