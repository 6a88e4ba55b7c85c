package dev.agentmemory.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * Confined to the JUnit thread that runs the test: the base of the tests of core's semantics on
 * the reference engine. Every store is opened as users open one,
 * {@code MemoryStores.open("reference:<name>")}, on a database of the test's own; stores are
 * closed and the database dropped after each test.
 */
@Timeout(60)
abstract class ReferenceStores {
    private static final AtomicLong NAMES = new AtomicLong();

    /** The test's database name; every store it opens shares it. */
    final String name = "core-" + getClass().getSimpleName() + "-" + NAMES.incrementAndGet();
    private final List<MemoryStore> opened = new ArrayList<>();

    /** Opens a store on the test's database, with fast retries. */
    MemoryStore open(UnaryOperator<StoreConfig.Builder> customizer) {
        StoreConfig.Builder b = StoreConfig.builder("reference:" + name)
                .retries(4, Duration.ofMillis(1), Duration.ofMillis(4));
        MemoryStore store = MemoryStores.open(customizer.apply(b).build());
        opened.add(store);
        return store;
    }

    MemoryStore open() {
        return open(b -> b);
    }

    @AfterEach
    final void closeStores() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        ReferenceEngine.drop(name);
    }

    /** A draft whose 4-dimensional embedding is derived from {@code n}, distinct per n. */
    static MemoryDraft draft(String content, int n) {
        return MemoryDraft.of(content).embedding(new float[] {1, n, n % 7, -n});
    }

    /** Waits, within 10 s, until {@code condition} holds: an observed state, never a guess of time. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** True once every thread is parked (waiting on a lock or a condition) or done. */
    static boolean parked(List<Thread> threads) {
        return threads.stream().allMatch(t -> switch (t.getState()) {
            case WAITING, TIMED_WAITING, TERMINATED -> true;
            default -> false;
        });
    }

    /**
     * A write transaction held open on a thread of its own until {@link #release()}: every other
     * writer of the database queues behind it.
     */
    static final class HeldWrite implements AutoCloseable {
        private final CountDownLatch inside = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread thread;

        HeldWrite(MemoryStore store, String tenant) {
            thread = new Thread(() -> store.inTransaction(tenant, tx -> {
                inside.countDown();
                return release.await(30, TimeUnit.SECONDS);
            }), "held-write");
            thread.start();
            try {
                assertThat(inside.await(10, TimeUnit.SECONDS)).as("the held write started").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Lets the held transaction commit and waits for it. */
        void release() {
            release.countDown();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
