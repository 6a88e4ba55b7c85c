package dev.agentmemory.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads interrupted while they write (what {@code Future.cancel(true)} and
 * {@code shutdownNow()} do) lose no acknowledged write and leave the database usable. With H2's
 * default file system an interrupt inside file I/O closes the database's {@code FileChannel};
 * the backend's {@code async:} file system is what this test holds to.
 */
@Timeout(120)
class H2InterruptTest {
    private static final int WRITERS = 6;
    private static final long RUN_MILLIS = 2_000;

    @TempDir
    Path dir;

    @Test
    void interruptedWritersLoseNoAcknowledgedWriteAndTheDatabaseStaysUsable() throws Exception {
        String uri = "h2:" + dir.resolve("interrupted");
        Set<MemoryId> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        AtomicLong interrupts = new AtomicLong();
        AtomicReference<Throwable> firstUnexpected = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(WRITERS);
        List<Thread> writers = new ArrayList<>();
        try (MemoryStore store = MemoryStores.open(uri)) {
            for (int w = 0; w < WRITERS; w++) {
                Namespace ns = store.namespace("t", "ns" + (w % 3));
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        running.countDown();
                        for (int i = 0; !stop.get(); i++) {
                            try {
                                acknowledged.add(ns.put(MemoryDraft.of("w" + i).embedding(new float[] {1f, i, 0.5f})));
                            } catch (RuntimeException e) {
                                // Not acknowledged: allowed to fail. Counted by type as evidence.
                                failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong())
                                        .incrementAndGet();
                            }
                            Thread.interrupted(); // a delivered interrupt must not end the loop
                        }
                    } catch (Throwable e) {
                        firstUnexpected.compareAndSet(null, e);
                    }
                }, "writer-" + w);
                writers.add(t);
                t.start();
            }
            start.countDown();
            // Interrupts only once every writer is past the latch, inside its put loop.
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
            while (System.nanoTime() < end) {
                writers.get(ThreadLocalRandom.current().nextInt(WRITERS)).interrupt();
                interrupts.incrementAndGet();
                Thread.sleep(0, 200_000);
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
            }
            if (firstUnexpected.get() != null) {
                throw new AssertionError("a writer failed outside put()", firstUnexpected.get());
            }
            System.out.printf("[h2 interrupt] %d puts acknowledged, %d interrupts sent, failed puts by type: %s%n",
                    acknowledged.size(), interrupts.get(), failures);
            assertThat(acknowledged).as("writes acknowledged while interrupted").hasSizeGreaterThan(50);

            // The same store is still usable: its pools were not poisoned by the interrupts.
            MemoryId after = store.namespace("t", "ns0").put(MemoryDraft.of("after").embedding(new float[] {1f, 0f, 0f}));
            assertThat(store.namespace("t", "ns0").get(after)).isPresent();
            acknowledged.add(after);
        }

        try (MemoryStore reopened = MemoryStores.open(uri)) {
            List<MemoryId> missing = new ArrayList<>();
            for (MemoryId id : acknowledged) {
                boolean found = false;
                for (int n = 0; n < 3 && !found; n++) {
                    found = reopened.namespace("t", "ns" + n).get(id).isPresent();
                }
                if (!found) {
                    missing.add(id);
                }
            }
            assertThat(missing).as("acknowledged writes missing after reopening (of %d)", acknowledged.size()).isEmpty();
            long total = 0;
            for (int n = 0; n < 3; n++) {
                total += reopened.namespace("t", "ns" + n).count();
            }
            assertThat(total).as("rows in the reopened database").isEqualTo(acknowledged.size());
            MemoryId more = reopened.namespace("t", "ns1").put(MemoryDraft.of("more").embedding(new float[] {0f, 1f, 0f}));
            assertThat(reopened.namespace("t", "ns1").get(more)).isPresent();
        }
    }
}
