/*
 * The I/O thread pool: blocking work runs on worker threads; each
 * completion runs afterwards on the main loop's context (the default
 * GMainContext), so completions see the big lock held.
 */
#ifndef BLOCK_THREAD_POOL_H
#define BLOCK_THREAD_POOL_H

/* Runs on a worker thread; its return value goes to the completion. */
typedef int ThreadPoolFunc(void *opaque);
typedef void ThreadPoolCompletion(void *opaque, int ret);

void thread_pool_submit(ThreadPoolFunc *func, ThreadPoolCompletion *done,
                        void *opaque);

#endif
