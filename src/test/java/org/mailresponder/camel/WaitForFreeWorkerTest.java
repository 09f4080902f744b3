package org.mailresponder.camel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A full pool makes the handing thread wait (it never runs the request), and a shutdown releases it with a refusal. */
class WaitForFreeWorkerTest {

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(1), r -> new Thread(r, "worker"), new WaitForFreeWorker());
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> ranOn = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    private void busy() {
        ranOn.add(Thread.currentThread().getName());
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the worker and the queue, then hands a third request over from a "poller" thread. */
    private CompletableFuture<Void> handOffToAFullPool() throws InterruptedException {
        pool.execute(this::busy);
        pool.execute(this::busy);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> pool.execute(this::busy),
                r -> new Thread(r, "poller").start());
        Thread.sleep(300);
        return third;
    }

    @Test
    void aFullPoolMakesTheHandingThreadWaitUntilAWorkerIsFree() throws Exception {
        CompletableFuture<Void> third = handOffToAFullPool();
        assertThat(third).as("hand-off while the worker and the queue are taken").isNotDone();
        release.countDown();
        third.get(5, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn).hasSize(3).containsOnly("worker");
    }

    @Test
    void aWaitingHandOffIsRefusedWhenThePoolShutsDownSoAStopNeverHangs() throws Exception {
        CompletableFuture<Void> third = handOffToAFullPool();
        assertThat(third).as("hand-off while the worker and the queue are taken").isNotDone();

        pool.shutdown();
        // the busy worker is never released: only the shutdown can end the wait, or get() times out
        assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> pool.execute(this::busy)).isInstanceOf(RejectedExecutionException.class);
        assertThat(ranOn).containsOnly("worker");
    }
}
