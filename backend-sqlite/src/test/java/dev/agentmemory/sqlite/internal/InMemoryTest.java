package dev.agentmemory.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.spi.StoredMemory;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code sqlite::memory:}: a private temporary file with the file mode's design. */
class InMemoryTest {

    private static StoredMemory memory(String content, long seq) {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        return new StoredMemory(new Memory(MemoryId.generate(), "t", "n", content, new float[] {1f, 2f},
                Metadata.of(Map.of("i", seq)), now, now, 1), seq);
    }

    @Test
    void survivesConnectionChurnAndIsDeletedOnClose() throws Exception {
        SqliteStorage storage = open(StoreConfig.builder("sqlite::memory:").build());
        Path file = storage.file();
        assertThat(storage.engine().describe()).isEqualTo("sqlite::memory:");
        if (Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))) {
            assertThat(file.getParent()).isEqualTo(Path.of("/dev/shm"));
        }
        try {
            for (int round = 1; round <= 5; round++) {
                long seq = round;
                storage.engine().write(s -> {
                    s.ensureNamespace("t", "n");
                    s.advanceSequence("t", "n", 1);
                    s.insert(List.of(memory("round " + seq, seq)));
                    return null;
                });
                // Every pooled connection is retired between the write and the reads.
                storage.writerPool().getHikariPoolMXBean().softEvictConnections();
                storage.readerPool().getHikariPoolMXBean().softEvictConnections();
                assertThat(storage.engine().<Long>read(s -> s.count("t", "n", null))).isEqualTo(round);
                assertThat(storage.engine().<Long>read(s -> s.currentSequence("t", "n"))).isEqualTo(round);
            }
            assertThat(Files.exists(file)).isTrue();
            assertThat(Files.exists(Path.of(file + "-wal"))).as("WAL mode").isTrue();
            assertThat(ConnectionInspector.inspect(storage.readerPool(), 4))
                    .allMatch(c -> c.journalMode().equals("wal"));
        } finally {
            storage.engine().close();
        }
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            assertThat(Files.exists(Path.of(file + suffix))).as(file + suffix + " deleted").isFalse();
        }
        storage.engine().close();
    }

    @Test
    void twoInMemoryStoresAreIndependent() {
        SqliteStorage a = open(StoreConfig.builder("sqlite::memory:").build());
        SqliteStorage b = open(StoreConfig.builder("jdbc:sqlite::memory:").build());
        try {
            assertThat(a.file()).isNotEqualTo(b.file());
            a.engine().write(s -> {
                s.ensureNamespace("t", "n");
                return s.advanceSequence("t", "n", 3);
            });
            assertThat(b.engine().<Long>read(s -> s.currentSequence("t", "n"))).isZero();
        } finally {
            a.engine().close();
            b.engine().close();
        }
    }

    @Test
    void concurrentReadersAndWriterUnderChurn() throws Exception {
        SqliteStorage storage = open(StoreConfig.builder("sqlite::memory:").build());
        try {
            storage.engine().write(s -> {
                s.ensureNamespace("t", "n");
                return null;
            });
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                boolean writer = i < 4;
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                        for (int n = 0; n < 50; n++) {
                            if (writer) {
                                storage.engine().write(s -> {
                                    long seq = s.advanceSequence("t", "n", 1);
                                    s.insert(List.of(memory("m", seq)));
                                    return null;
                                });
                            } else {
                                long count = storage.engine().<Long>read(s -> s.count("t", "n", null));
                                long seq = storage.engine().<Long>read(s -> s.currentSequence("t", "n"));
                                if (seq < count) {
                                    throw new AssertionError("counter " + seq + " behind rows " + count);
                                }
                                if (n % 10 == 0) {
                                    storage.readerPool().getHikariPoolMXBean().softEvictConnections();
                                }
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, (writer ? "writer-" : "reader-") + i);
                threads.add(t);
                t.start();
            }
            start.countDown();
            for (Thread t : threads) {
                t.join(60_000);
            }
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertThat(storage.engine().<Long>read(s -> s.count("t", "n", null))).isEqualTo(200);
        } finally {
            storage.engine().close();
        }
    }

    private static SqliteStorage open(StoreConfig config) {
        return SqliteStorage.open(SqliteLocation.parse(config.uri()).orElseThrow(), config);
    }
}
