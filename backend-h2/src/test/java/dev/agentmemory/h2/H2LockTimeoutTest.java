package dev.agentmemory.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer that waits longer than {@code lockTimeoutMillis} for a row another transaction holds
 * gets a retryable {@link StorageException}, and nothing it tried is applied; once the lock is
 * released, the same write succeeds (the store's own retries do it when they are allowed).
 */
@Timeout(60)
class H2LockTimeoutTest {
    private static final float[] V = {1f, 0f, 0f};

    @TempDir
    Path dir;

    @Test
    void aLockTimeoutIsARetryableStorageExceptionNamingTheStore() throws Exception {
        StoreConfig config = StoreConfig.builder("h2:" + dir.resolve("locks"))
                .property("lockTimeoutMillis", "200")
                .retries(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .build();
        ExecutorService holder = Executors.newSingleThreadExecutor();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (MemoryStore store = MemoryStores.open(config)) {
            store.namespace("t", "n").put(MemoryDraft.of("creates the namespace row").embedding(V));
            // A transaction that writes to t/n holds the namespace row's lock until it commits.
            Future<MemoryId> held = holder.submit(() -> store.inTransaction("t", tx -> {
                MemoryId id = tx.put("n", MemoryDraft.of("holds the lock").embedding(V));
                locked.countDown();
                await(release);
                return id;
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).as("the holder took the lock").isTrue();

            StorageException e = catchThrowableOfType(StorageException.class,
                    () -> store.namespace("t", "n").put(MemoryDraft.of("waits for the lock").embedding(V)));

            assertThat(e).as("a put blocked for longer than lockTimeoutMillis").isNotNull();
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(StorageException.FailureKind.RETRYABLE);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("h2:" + dir.resolve("locks")).contains("put")
                    .contains("50200").contains("nothing was applied");
            release.countDown();
            MemoryId heldId = held.get(30, TimeUnit.SECONDS);
            assertThat(store.namespace("t", "n").get(heldId)).isPresent();
            assertThat(store.namespace("t", "n").count()).as("the timed-out put applied nothing").isEqualTo(2);
            store.namespace("t", "n").put(MemoryDraft.of("after the release").embedding(V));
            assertThat(store.namespace("t", "n").count()).isEqualTo(3);
        } finally {
            release.countDown();
            holder.shutdown();
            assertThat(holder.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
