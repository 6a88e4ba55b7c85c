package dev.agentmemory.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Metadata;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.ValidationException;
import dev.agentmemory.jdbc.JdbcEngine;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.WriteSession;
import dev.agentmemory.spi.StoredMemory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's transactions, sessions and statements on a real SQLite file. */
class JdbcEngineTest {
    @TempDir
    Path dir;
    Path file;
    JdbcEngine engine;

    @BeforeEach
    void open() {
        file = dir.resolve("engine.db");
        engine = TestDb.engine(file);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void namespaceCounterAndDimension() {
        assertThat(engine.<Long>read(s -> s.currentSequence("t", "n"))).isZero();
        assertThat(engine.<Long>write(s -> s.advanceSequence("t", "n", 3))).as("absent namespace").isZero();
        long seq = engine.write(s -> {
            s.ensureNamespace("t", "n");
            s.ensureNamespace("t", "n");
            assertThat(s.dimension("t", "n")).isEqualTo(OptionalInt.empty());
            s.setDimension("t", "n", 384);
            s.advanceSequence("t", "n", 2);
            return s.advanceSequence("t", "n", 3);
        });
        assertThat(seq).isEqualTo(5);
        assertThat(engine.<Long>read(s -> s.currentSequence("t", "n"))).isEqualTo(5);
        assertThat(engine.<OptionalInt>read(s -> s.dimension("t", "n"))).isEqualTo(OptionalInt.of(384));
        assertThat(engine.<Long>read(s -> s.currentSequence("other", "n"))).as("other tenant").isZero();
    }

    @Test
    void rowsRoundTripExactly() {
        Map<String, Object> metadata = Map.of("big", Long.MAX_VALUE, "neg", Long.MIN_VALUE, "pi", Math.PI,
                "zero", -0.0, "flag", false, "text", "caf\u00e9 \ud83d\ude00", "empty", "");
        Memory m = new Memory(MemoryId.generate(), "t", "n", "content \u0000 with nul", new float[] {Float.MIN_VALUE,
                -1e30f, 0f, 3.25f}, Metadata.of(metadata), TestDb.micros(-1_500_001), TestDb.micros(1_700_000_000_123_456L), 7);
        engine.write(s -> {
            s.ensureNamespace("t", "n");
            s.insert(List.of(new StoredMemory(m, 42)));
            return null;
        });
        List<StoredMemory> found = engine.read(s -> s.find("t", null, List.of(m.id(), MemoryId.generate())));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).memory()).isEqualTo(m);
        assertThat(found.get(0).seq()).isEqualTo(42);
        assertThat(found.get(0).memory().metadata().getLong("big")).contains(Long.MAX_VALUE);
        assertThat(engine.<List<StoredMemory>>read(s -> s.find("other", null, List.of(m.id())))).as("other tenant").isEmpty();
        assertThat(engine.<List<StoredMemory>>read(s -> s.find("t", "elsewhere", List.of(m.id())))).as("other namespace").isEmpty();
    }

    @Test
    void replaceChecksTheVersionAndSwapsMetadata() {
        StoredMemory v1 = TestDb.memory("t", "n", "one", Map.of("a", 1L, "b", "x"), 10, 10, 1);
        engine.write(s -> {
            s.ensureNamespace("t", "n");
            s.insert(List.of(v1));
            return null;
        });
        Memory m1 = v1.memory();
        Memory m2 = new Memory(m1.id(), "t", "n", "two", new float[] {9f}, Metadata.of(Map.of("c", true)),
                m1.createdAt(), TestDb.micros(20), 2);
        assertThat(engine.<Boolean>write(s -> s.replace(new StoredMemory(m2, 2), 5))).isFalse();
        assertThat(engine.<Boolean>write(s -> s.replace(new StoredMemory(m2, 2), 1))).isTrue();
        StoredMemory read = engine.read(s -> s.find("t", "n", List.of(m1.id()))).get(0);
        assertThat(read.memory()).isEqualTo(m2);
        assertThat(read.seq()).isEqualTo(2);
    }

    @Test
    void changesSinceIsOneConsistentBatchWithTombstones() {
        StoredMemory a = TestDb.memory("t", "n", "a", Map.of("k", 1L), 1, 1, 1);
        StoredMemory b = TestDb.memory("t", "n", "b", Map.of(), 2, 2, 2);
        StoredMemory c = TestDb.memory("t", "n", "c", Map.of("k", "v"), 3, 3, 3);
        engine.write(s -> {
            s.ensureNamespace("t", "n");
            s.advanceSequence("t", "n", 3);
            s.insert(List.of(a, b, c));
            return null;
        });
        int deleted = engine.write(s -> {
            long seq = s.advanceSequence("t", "n", 2);
            return s.delete("t", "n", List.of(b.memory().id(), MemoryId.generate()), seq - 1);
        });
        assertThat(deleted).isEqualTo(1);
        ChangeBatch full = engine.read(s -> s.changesSince("t", "n", 0));
        assertThat(full.sequence()).isEqualTo(5);
        assertThat(full.upserts()).extracting(r -> r.memory().content()).containsExactly("a", "c");
        assertThat(full.upserts().get(1).memory().metadata().getString("k")).contains("v");
        assertThat(full.deletions()).isEmpty();
        ChangeBatch delta = engine.read(s -> s.changesSince("t", "n", 3));
        assertThat(delta.upserts()).isEmpty();
        assertThat(delta.deletions()).containsExactly(b.memory().id());
        assertThat(engine.<ChangeBatch>read(s -> s.changesSince("t", "n", 5)).deletions()).isEmpty();
        assertThat(engine.<Long>read(s -> s.count("t", "n", null))).isEqualTo(2);
        assertThat(engine.<ChangeBatch>read(s -> s.changesSince("t", "absent", 0))).isEqualTo(new ChangeBatch(0, List.of(), List.of()));
    }

    @Test
    void sessionUsedFromAnotherThreadFailsNamingTheOwnerAndTouchesNothing() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "intruder"));
        try {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            String owner = Thread.currentThread().getName();
            engine.write(s -> {
                CompletableFuture<Void> f = CompletableFuture.runAsync(() -> s.ensureNamespace("t", "leak"), other);
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    seen.set(e.getCause());
                }
                return null;
            });
            assertThat(seen.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("confined to thread '" + owner + "'")
                    .hasMessageContaining("used from thread 'intruder'");
            assertThat(engine.<Long>read(s -> s.currentSequence("t", "leak"))).isZero();
            assertThat(engine.<Long>write(s -> s.advanceSequence("t", "leak", 1))).as("namespace row absent").isZero();
        } finally {
            other.shutdown();
        }
    }

    @Test
    void sessionUsedAfterItsCallbackFails() {
        WriteSession leaked = engine.write(s -> {
            s.ensureNamespace("t", "n");
            return s;
        });
        assertThatThrownBy(() -> leaked.advanceSequence("t", "n", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("confined to thread '" + Thread.currentThread().getName() + "'")
                .hasMessageContaining("after the callback returned");
        assertThatThrownBy(() -> leaked.count("t", "n", null)).isInstanceOf(IllegalStateException.class);
        assertThat(engine.<Long>read(s -> s.currentSequence("t", "n"))).isZero();
    }

    @Test
    void readSessionsHaveNoWriteMethodEvenByCast() {
        // A read transaction's session is a ReadSession by type; not a WriteSession under a cast either.
        Class<?> readType = engine.read(Object::getClass);
        assertThat(dev.agentmemory.spi.WriteSession.class.isAssignableFrom(readType)).isFalse();
        assertThat(dev.agentmemory.spi.MemoryWriter.class.isAssignableFrom(readType)).isFalse();
        Class<?> writeType = engine.write(Object::getClass);
        assertThat(dev.agentmemory.spi.WriteSession.class.isAssignableFrom(writeType)).isTrue();
    }

    @Test
    void storeExceptionsPassThroughUnchangedAfterRollback() {
        ValidationException thrown = new ValidationException(ErrorCode.DIMENSION_MISMATCH, "boom");
        assertThatThrownBy(() -> engine.write(s -> {
            s.ensureNamespace("t", "n");
            s.advanceSequence("t", "n", 1);
            throw thrown;
        })).isSameAs(thrown);
        assertThat(engine.<Long>read(s -> s.currentSequence("t", "n"))).as("rolled back").isZero();
        RuntimeException bug = new IllegalArgumentException("bug in the work");
        assertThatThrownBy(() -> engine.write(s -> {
            s.ensureNamespace("t", "n");
            throw bug;
        })).isSameAs(bug);
        assertThat(engine.<Long>write(s -> s.advanceSequence("t", "n", 1))).as("rolled back").isZero();
    }

    @Test
    void writeTransactionsBeginImmediate() throws Exception {
        engine.write(s -> {
            s.ensureNamespace("t", "n");
            return null;
        });
        AtomicReference<String> insideWrite = new AtomicReference<>();
        try (Connection raw = TestDb.raw(file, 0)) {
            engine.write(s -> {
                // No statement has run in this transaction yet: only BEGIN IMMEDIATE holds the lock.
                insideWrite.set(tryBeginImmediate(raw));
                return null;
            });
            assertThat(insideWrite.get()).contains("SQLITE_BUSY");
            assertThat(tryBeginImmediate(raw)).as("released after commit").isEqualTo("ok");
            String duringRead = engine.read(s -> tryBeginImmediate(raw));
            assertThat(duringRead).as("readers take no write lock").isEqualTo("ok");
        }
    }

    private static String tryBeginImmediate(Connection raw) {
        try (Statement st = raw.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("ROLLBACK");
            return "ok";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    @Test
    void closeIsIdempotentAndFailsLaterCalls() {
        engine.close();
        engine.close();
        assertThatThrownBy(() -> engine.read(s -> s.currentSequence("t", "n"))).isInstanceOf(StoreClosedException.class)
                .hasMessageContaining("sqlite:");
        assertThat(engine.pools()).extracting(p -> p.total()).containsOnly(0);
    }

    @Test
    void poolsReportWriterAndReader() {
        assertThat(engine.pools()).extracting(p -> p.name()).containsExactly("writer", "reader");
        int activeInside = engine.write(s -> engine.pools().get(0).active());
        assertThat(activeInside).isEqualTo(1);
        assertThat(engine.pools().get(0).active()).isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.pools().get(1).total() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(engine.pools().get(1).total()).as("the reader pool fills to its size").isEqualTo(2);
    }

    @Test
    void schemaNewerThanTheLibraryIsRefused() throws Exception {
        try (Connection raw = TestDb.raw(file, 5_000); Statement st = raw.createStatement()) {
            st.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
        }
        assertThatThrownBy(() -> TestDb.engine(file)).isInstanceOf(MemoryStoreException.class)
                .satisfies(e -> assertThat(((MemoryStoreException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("version 99");
    }
}
