package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.tck.support.Workers;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe: static methods only. The scenario of a call in flight when {@code close()}
 * starts, shared by {@link LifecycleContract} (the call commits) and
 * {@link SecondInstanceContract} (the next instance sees it).
 */
final class InFlightClose {
    private InFlightClose() {}

    /**
     * Puts {@code draft} in a transaction and, while the transaction is inside its callback,
     * closes {@code store} on another thread; checks that close waits for it and that new
     * calls fail meanwhile, then lets the transaction finish.
     *
     * @return the id the transaction in flight committed
     * @throws AssertionError if close did not wait, a new call was let in, or the call failed
     */
    static MemoryId putWhileClosing(MemoryStore store, String tenant, String namespace, MemoryDraft draft)
            throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> closer = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(2, Workers.named("lifecycle"));
        try {
            Future<MemoryId> inFlight = pool.submit(() -> store.inTransaction(tenant, tx -> {
                MemoryId id = tx.put(namespace, draft);
                inside.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).as("released").isTrue();
                return id;
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).as("the transaction started").isTrue();
            Future<?> closing = pool.submit(() -> {
                closer.set(Thread.currentThread());
                store.close();
            });
            // Polls real concurrency: close() runs on the other thread and must reach its wait.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(store.isClosed() && parked(closer.get())) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(store.isClosed()).as("isClosed once close() was called").isTrue();
            assertThat(closer.get().getState()).as("the closing thread waits for the call in flight")
                    .isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
            assertThat(closing.isDone()).as("close waits for the call in flight").isFalse();
            assertThat(catchThrowable(() -> store.namespace(tenant, namespace).count())).as("a new call while closing")
                    .isInstanceOf(StoreClosedException.class);

            release.countDown();
            MemoryId id = inFlight.get(30, TimeUnit.SECONDS);
            closing.get(30, TimeUnit.SECONDS);
            assertThat(id).as("the transaction in flight committed").isNotNull();
            return id;
        } finally {
            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static boolean parked(Thread t) {
        return t != null && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
    }
}
