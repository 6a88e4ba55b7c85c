package dev.agentmemory.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.sqlite.SqliteProvider;
import dev.agentmemory.spi.StorageEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines on one file (as two processes would), read-then-write transactions from many
 * threads: with BEGIN IMMEDIATE every one commits and no SQLITE_BUSY reaches a caller.
 */
class TwoEnginesTest {
    private static final int THREADS = 8;
    private static final int INCREMENTS = 50;

    @TempDir
    Path dir;

    @Test
    void concurrentReadThenWriteIncrementsAllCommit() throws Exception {
        String uri = "sqlite:" + dir.resolve("shared.db");
        SqliteProvider provider = new SqliteProvider();
        try (StorageEngine one = provider.open(StoreConfig.builder(uri).build());
                StorageEngine two = provider.open(StoreConfig.builder(uri).build())) {
            one.write(s -> {
                s.ensureNamespace("t", "counter");
                s.setDimension("t", "counter", 0);
                return null;
            });
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger committed = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                StorageEngine engine = i % 2 == 0 ? one : two;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int n = 0; n < INCREMENTS; n++) {
                            engine.write(s -> {
                                // Read, then write what was read plus one: a lost update would show.
                                int value = s.dimension("t", "counter").orElseThrow();
                                s.advanceSequence("t", "counter", 1);
                                s.setDimension("t", "counter", value + 1);
                                return null;
                            });
                            committed.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "incrementer-" + i);
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(120));
                assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
            }
            if (failure.get() != null) {
                throw new AssertionError("an increment failed after " + committed.get() + " commits", failure.get());
            }
            assertThat(committed.get()).isEqualTo(THREADS * INCREMENTS);
            assertThat(two.<OptionalInt>read(s -> s.dimension("t", "counter"))).isEqualTo(OptionalInt.of(THREADS * INCREMENTS));
            assertThat(one.<Long>read(s -> s.currentSequence("t", "counter"))).isEqualTo(THREADS * INCREMENTS);
        }
    }
}
