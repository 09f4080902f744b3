package org.mailresponder.camel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolBuilder;

/**
 * The pool of worker threads the maildir's requests are handed to (the {@code threads} step of ingest-maildir):
 * a fixed number of workers and a bounded queue, made by Camel's executor service manager so Camel names its threads
 * ({@code responder-worker}), shows it in JMX and shuts it down with the context; only the rejection differs from
 * Camel's, see {@link WaitForFreeWorker}. Made once at start and shared by every build of the route, so a route
 * rebuilt on a live change keeps the same workers.
 */
public final class RequestWorkers {

    /** The JMX name of the pool ({@code type=threadpools}) and the name of the threads' Camel gives them. */
    public static final String ID = "requestWorkers";
    public static final String THREAD_NAME = "responder-worker";

    private RequestWorkers() {
    }

    public static ExecutorService create(CamelContext camelContext, int workers, int queueSize) throws Exception {
        if (workers < 1) {
            throw new IllegalArgumentException("responder.workers must be 1 or more, not " + workers);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("responder.queue-size must be 0 or more, not " + queueSize
                    + " (an unbounded queue would hold the whole backlog in memory)");
        }
        ExecutorService pool = new ThreadPoolBuilder(camelContext).poolSize(workers).maxPoolSize(workers)
                .maxQueueSize(queueSize).build(ID, THREAD_NAME);
        ((ThreadPoolExecutor) pool).setRejectedExecutionHandler(new WaitForFreeWorker());
        return pool;
    }
}
