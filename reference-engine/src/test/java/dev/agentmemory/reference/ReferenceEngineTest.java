package dev.agentmemory.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Metadata;
import dev.agentmemory.StorageException;
import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.ReadSession;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StoredMemory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Confined to the JUnit thread that runs it: the engine's transaction semantics through the
 * SPI itself: snapshots, serialized and atomic writes, confinement, closing, named databases.
 */
@Timeout(60)
class ReferenceEngineTest {
    private static final String T = "tenant";
    private static final String NS = "ns";

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ReferenceProvider provider = new ReferenceProvider();

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private StorageEngine open(String uri) {
        return provider.open(StoreConfig.builder(uri).build());
    }

    /** Writes one memory with the next seq of the namespace, as core's write protocol does. */
    private static MemoryId putOne(StorageEngine engine, String tenant, String content) {
        return engine.write(s -> {
            long seq = s.advanceCreating(tenant, NS, 1).sequence();
            MemoryId id = MemoryId.generate();
            Instant now = Instant.parse("2026-12-03T10:00:00Z");
            s.insert(List.of(new StoredMemory(new Memory(id, tenant, NS, content, new float[] {1, 0}, Metadata.empty(),
                    now, now, 1), seq)));
            return id;
        });
    }

    private static long sequence(StorageEngine engine) {
        return engine.read(s -> s.currentSequence(T, NS));
    }

    private static long count(StorageEngine engine, String tenant) {
        return engine.read(s -> s.count(tenant, NS, null));
    }

    @Test
    void a_read_during_a_write_is_not_blocked_and_sees_the_last_commit_only() throws Exception {
        StorageEngine engine = open("reference:");
        putOne(engine, T, "committed");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> writer = pool.submit(() -> engine.write(s -> {
            long seq = s.advanceCreating(T, NS, 1).sequence();
            Instant now = Instant.now();
            s.insert(List.of(new StoredMemory(new Memory(MemoryId.generate(), T, NS, "pending", new float[] {0, 1},
                    Metadata.empty(), now, now, 1), seq)));
            assertThat(s.count(T, NS, null)).as("the writer sees its own insert").isEqualTo(2);
            inside.countDown();
            await(release);
            return null;
        }));
        await(inside);

        // On this thread, while the writer holds the lock with an insert not yet committed.
        long seen = count(engine, T);
        long seq = engine.read(s -> s.currentSequence(T, NS));

        assertThat(writer.isDone()).as("the writer is still inside its transaction").isFalse();
        assertThat(seen).as("memories a reader sees during the write").isEqualTo(1);
        assertThat(seq).as("the counter a reader sees during the write").isEqualTo(1);
        release.countDown();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(count(engine, T)).as("after the commit").isEqualTo(2);
        assertThat(sequence(engine)).isEqualTo(2);
    }

    @Test
    void a_read_keeps_its_snapshot_while_a_write_commits() throws Exception {
        StorageEngine engine = open("reference:");
        putOne(engine, T, "first");
        long[] counts = engine.read(s -> {
            long before = s.count(T, NS, null);
            putOne(engine, T, "committed during the read"); // the same thread may write outside its read
            long after = s.count(T, NS, null);
            return new long[] {before, after, s.changesSince(T, NS, 0).sequence()};
        });
        assertThat(counts).as("count before and after a commit, and the counter, in one read").containsExactly(1, 1, 1);
        assertThat(count(engine, T)).isEqualTo(2);
    }

    @Test
    void a_write_that_throws_leaves_nothing_behind() {
        StorageEngine engine = open("reference:");
        putOne(engine, T, "kept");
        IllegalStateException boom = new IllegalStateException("the work failed after its writes");

        Throwable thrown = catchThrowable(() -> engine.write(s -> {
            s.advanceCreating(T, NS, 5);
            s.advanceConversation(T, "chat", 1);
            s.delete(T, NS, s.findIds(T, NS, null), 6);
            assertThat(s.count(T, NS, null)).as("deleted inside the transaction").isZero();
            throw boom;
        }));

        assertThat(thrown).as("the work's exception passes through unchanged").isSameAs(boom);
        assertThat(count(engine, T)).as("memories after the rollback").isEqualTo(1);
        assertThat(sequence(engine)).as("counter after the rollback").isEqualTo(1);
        List<MemoryId> deletions = engine.read(s -> s.changesSince(T, NS, 1).deletions());
        assertThat(deletions).as("tombstones").isEmpty();
    }

    @Test
    void a_constraint_violation_is_a_permanent_storage_failure_and_rolls_back() {
        StorageEngine engine = open("reference:");
        MemoryId id = putOne(engine, T, "first");

        StorageException e = storageFailure(() -> engine.write(s -> {
            s.advanceCreating(T, NS, 1);
            List<StoredMemory> again = s.find(T, NS, List.of(id));
            s.insert(again); // the same primary key
            return null;
        }));

        assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(e.getMessage()).contains("reference:").contains("insert").contains(id.toString())
                .contains("primary key");
        assertThat(sequence(engine)).as("counter after the rollback").isEqualTo(1);
    }

    @Test
    void writers_are_serialized_so_no_counter_increment_is_lost() throws Exception {
        StorageEngine engine = open("reference:");
        int threads = 8;
        int each = 200;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    await(start);
                    for (int j = 0; j < each; j++) {
                        // Read, then write what was read plus one: a lost update if two ran at once.
                        engine.write(s -> {
                            long n = s.lastMessages(T, "counter", 1).stream().mapToLong(m -> m.seq()).sum();
                            long seq = s.advanceConversation(T, "counter", 1);
                            assertThat(seq).isEqualTo(n + 1);
                            s.insertMessages(T, "counter", List.of(new dev.agentmemory.Message(seq, MemoryId.generate(),
                                    "user", "n", Instant.now())));
                            return null;
                        });
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "writer-" + i);
            workers.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(failure.get()).as("first failure of a writer").isNull();
        long messages = engine.read(s -> s.countMessages(T, "counter"));
        assertThat(messages).isEqualTo((long) threads * each);
    }

    @Test
    void the_change_feed_reports_rows_and_tombstones_by_seq_and_a_missing_namespace_is_not_advanced() {
        StorageEngine engine = open("reference:");
        long missing = engine.write(s -> s.advanceSequence(T, "never-created", 3));
        assertThat(missing).as("advancing a namespace that does not exist").isZero();
        long counter = engine.read(s -> s.currentSequence(T, "never-created"));
        assertThat(counter).as("no namespace row was created").isZero();

        MemoryId a = putOne(engine, T, "a");
        MemoryId b = putOne(engine, T, "b");
        MemoryId c = putOne(engine, T, "c");
        int deleted = engine.write(s -> {
            long last = s.advanceSequence(T, NS, 2);
            return s.delete(T, NS, List.of(a, MemoryId.generate()), last - 1);
        });

        assertThat(deleted).as("one of two ids existed").isEqualTo(1);
        dev.agentmemory.spi.ChangeBatch since1 = engine.read(s -> s.changesSince(T, NS, 1));
        assertThat(since1.sequence()).isEqualTo(5);
        assertThat(since1.upserts()).extracting(r -> r.memory().id()).containsExactly(b, c);
        assertThat(since1.upserts()).extracting(StoredMemory::seq).containsExactly(2L, 3L);
        assertThat(since1.deletions()).as("the tombstone carries seq firstSeq + its index").containsExactly(a);
        List<MemoryId> after4 = engine.read(s -> s.changesSince(T, NS, 4).deletions());
        assertThat(after4).as("after the tombstone's seq 4").isEmpty();
        List<MemoryId> fullLoad = engine.read(s -> s.changesSince(T, NS, 0).deletions());
        assertThat(fullLoad).as("a full load needs no tombstones").isEmpty();
    }

    @Test
    void a_session_is_confined_to_its_thread_and_its_callback() throws Exception {
        StorageEngine engine = open("reference:");
        AtomicReference<ReadSession> leaked = new AtomicReference<>();
        Throwable fromOtherThread = engine.read(s -> {
            leaked.set(s);
            try {
                return CompletableFuture.supplyAsync(() -> catchThrowable(() -> s.count(T, NS, null)), pool)
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        String owner = Thread.currentThread().getName();

        assertThat(fromOtherThread).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("confined to thread '" + owner + "'").hasMessageContaining("used from thread");
        assertThatThrownBy(() -> leaked.get().currentSequence(T, NS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'" + owner + "'").hasMessageContaining("after the callback returned");
        assertThat(leaked.get()).as("a read session has no write method by type")
                .isNotInstanceOf(dev.agentmemory.spi.MemoryWriter.class);
    }

    @Test
    void a_nested_write_on_the_same_thread_is_refused_at_once() {
        StorageEngine engine = open("reference:");
        Throwable nested = engine.write(s -> catchThrowable(() -> engine.write(inner -> null)));
        assertThat(nested).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a write transaction");
    }

    @Test
    void a_write_that_waits_longer_than_the_lock_timeout_fails_as_retryable() throws Exception {
        StorageEngine engine = provider.open(StoreConfig.builder("reference:").property("lockTimeoutMillis", "50")
                .build());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> holder = pool.submit(() -> engine.write(s -> {
            inside.countDown();
            await(release);
            return null;
        }));
        await(inside);

        StorageException e = storageFailure(() -> putOne(engine, T, "waits"));

        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(e.getMessage()).contains("50 ms").contains("nothing was applied").contains("lockTimeoutMillis");
        assertThat(count(engine, T)).isZero();
    }

    @Test
    void a_closed_engine_refuses_calls_and_close_is_idempotent() {
        StorageEngine engine = open("reference:");
        engine.close();
        engine.close();
        assertThatThrownBy(() -> count(engine, T)).isInstanceOf(StoreClosedException.class)
                .hasMessageContaining("reference:");
        assertThatThrownBy(() -> putOne(engine, T, "x")).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void engines_with_one_name_share_a_database_until_it_is_dropped_and_tenants_stay_apart() {
        String name = "shared-" + System.nanoTime();
        StorageEngine first = open("reference:" + name);
        StorageEngine second = open("reference:" + name);
        StorageEngine other = open("reference:");
        putOne(first, T, "one");
        putOne(first, "someone-else", "two");

        assertThat(count(second, T)).as("the second engine on the name").isEqualTo(1);
        assertThat(count(other, T)).as("a private database").isZero();
        first.close();
        assertThat(count(open("reference:" + name), T)).as("after the first engine closed").isEqualTo(1);
        assertThat(ReferenceEngine.drop(name)).isTrue();
        assertThat(count(open("reference:" + name), T)).as("after the drop").isZero();
        assertThat(count(second, T)).as("an engine open on the dropped database").isEqualTo(1);
        assertThat(second.describe()).isEqualTo("reference:" + name);
    }

    @Test
    void the_provider_accepts_its_uris_and_names_the_fix_for_a_bad_one() {
        assertThat(provider.accepts("reference:a-name_1.x")).isTrue();
        assertThat(provider.accepts("reference:")).isTrue();
        assertThat(provider.accepts("reference:a/b")).isFalse();
        assertThat(provider.accepts("sqlite::memory:")).isFalse();
        MemoryStoreException e = catchThrowableOfType(MemoryStoreException.class,
                () -> provider.open(StoreConfig.builder("reference:").property("lockTimeoutMillis", "soon").build()));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
        assertThat(e.getMessage()).contains("lockTimeoutMillis").contains("soon");
    }

    @Test
    void a_filter_the_core_would_refuse_is_refused_here_too() {
        StorageEngine engine = open("reference:");
        putOne(engine, T, "x");
        Throwable e = catchThrowable(() -> engine.read(s -> s.count(T, NS, dev.agentmemory.Filter.in("k", List.of()))));
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.INVALID_FILTER);
    }

    private static StorageException storageFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(StorageException.class, call);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
