package org.mailresponder.camel;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the worker pool does with a request when every worker is busy and its queue is full: the handing thread (the
 * maildir poller) waits for queue space. So the poller never runs a request itself (Camel's default, CallerRuns,
 * made it one more worker that stopped scanning), and the backlog stays in new/, where the next scan takes the
 * oldest first, instead of in memory. A pool that is shut down, or an interrupted wait, refuses the request: it
 * stays in new/ and a stop never hangs on a full queue.
 */
public final class WaitForFreeWorker implements RejectedExecutionHandler {

    /** How often a waiting poller looks whether the pool was shut down meanwhile. */
    private static final long SHUTDOWN_CHECK_MS = 100;

    @Override
    public void rejectedExecution(Runnable request, ThreadPoolExecutor pool) {
        try {
            while (!pool.isShutdown()) {
                if (pool.getQueue().offer(request, SHUTDOWN_CHECK_MS, TimeUnit.MILLISECONDS)) {
                    // queued just as the pool shut down, when no worker may be left to take it
                    if (pool.isShutdown() && pool.remove(request)) {
                        break;
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for a free worker", e);
        }
        throw new RejectedExecutionException("the worker pool is shut down");
    }
}
