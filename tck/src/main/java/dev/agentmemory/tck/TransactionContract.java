package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.Transaction;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.tck.support.Workers;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: the transaction contract of
 * {@link MemoryStore#inTransaction}.
 *
 * <p>Puts, updates and deletes in one callback commit together; an exception rolls all of them
 * back (search included) and is rethrown, checked ones wrapped in {@link CompletionException};
 * the {@link Transaction} is confined to its thread and its callback.
 */
public interface TransactionContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 6;

    /** Immutable and thread-safe: a tenant with two namespaces holding a few memories each. */
    record TwoNamespaces(String tenant, Namespace a, Namespace b, List<MemoryId> inA, List<Memory> before) {}

    private TwoNamespaces fixture() {
        String tenant = newTenant();
        Namespace a = store().namespace(tenant, "a");
        Namespace b = store().namespace(tenant, "b");
        List<MemoryId> inA = a.putAll(data().drafts("a", 5, DIM));
        b.putAll(data().drafts("b", 3, DIM));
        List<Memory> before = new java.util.ArrayList<>(listAll(a));
        before.addAll(listAll(b));
        return new TwoNamespaces(tenant, a, b, inA, before);
    }

    private List<Memory> snapshot(TwoNamespaces f) {
        List<Memory> now = new java.util.ArrayList<>(listAll(f.a()));
        now.addAll(listAll(f.b()));
        return now;
    }

    @Test
    default void puts_updates_and_deletes_in_a_callback_commit_together() {
        TwoNamespaces f = fixture();
        float[] v1 = vector(DIM);
        float[] v2 = vector(DIM);

        List<MemoryId> created = store().inTransaction(f.tenant(), tx -> {
            assertThat(tx.tenant()).isEqualTo(f.tenant());
            MemoryId x = tx.put("a", MemoryDraft.of("tx put a").embedding(v1));
            MemoryId y = tx.put("b", MemoryDraft.of("tx put b").embedding(v2));
            assertThat(tx.get(x)).as("a transaction reads its own writes").isPresent();
            Memory updated = tx.update(f.inA().get(0), 1, MemoryDraft.of("tx updated").embedding(vector(DIM)));
            assertThat(updated.version()).isEqualTo(2);
            assertThat(tx.get(f.inA().get(0))).contains(updated);
            assertThat(tx.delete(f.inA().get(1))).isTrue();
            assertThat(tx.get(f.inA().get(1))).isEmpty();
            assertThat(tx.delete(f.inA().get(1))).as("deleted twice in one transaction").isFalse();
            return List.of(x, y);
        });

        assertThat(f.a().get(created.get(0))).map(Memory::content).contains("tx put a");
        assertThat(f.b().get(created.get(1))).map(Memory::content).contains("tx put b");
        assertThat(f.a().get(f.inA().get(0))).map(Memory::version).contains(2L);
        assertThat(f.a().get(f.inA().get(1))).isEmpty();
        assertThat(f.a().count()).isEqualTo(5);
        assertThat(f.b().count()).isEqualTo(4);
        assertThat(f.a().search(Search.vector(v1).topK(1))).extracting(m -> m.memory().id()).containsExactly(created.get(0));
        assertThat(f.b().search(Search.vector(v2).topK(1))).extracting(m -> m.memory().id()).containsExactly(created.get(1));
    }

    @Test
    default void an_unchecked_exception_rolls_everything_back_and_is_rethrown_as_is() {
        TwoNamespaces f = fixture();
        float[] v = vector(DIM);
        Search probe = Search.vector(v).topK(8);
        List<Match> searchBefore = f.a().search(probe);
        IllegalArgumentException boom = new IllegalArgumentException("boom");

        Throwable thrown = catchThrowable(() -> store().inTransaction(f.tenant(), tx -> {
            tx.put("a", MemoryDraft.of("rolled back put").embedding(v));
            tx.put("new-namespace", MemoryDraft.of("rolled back put").embedding(vector(DIM + 1)));
            tx.update(f.inA().get(0), 1, MemoryDraft.of("rolled back update").embedding(vector(DIM)));
            tx.delete(f.inA().get(1));
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        assertThat(snapshot(f)).as("every memory as before").containsExactlyElementsOf(f.before());
        assertThat(store().namespace(f.tenant(), "new-namespace").count()).isZero();
        assertThat(f.a().search(probe)).as("search unaffected by the rolled-back transaction").isEqualTo(searchBefore);
        assertThat(store().namespace(f.tenant(), "new-namespace").search(Search.vector(vector(DIM + 1)))).isEmpty();
    }

    @Test
    default void a_checked_exception_rolls_back_and_is_wrapped_in_a_CompletionException() {
        TwoNamespaces f = fixture();
        IOException io = new IOException("disk said no");

        Throwable thrown = catchThrowable(() -> store().inTransaction(f.tenant(), tx -> {
            tx.put("b", MemoryDraft.of("rolled back").embedding(vector(DIM)));
            throw io;
        }));

        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseReference(io);
        assertThat(snapshot(f)).containsExactlyElementsOf(f.before());
    }

    @Test
    default void a_version_conflict_inside_rolls_back_the_earlier_writes() {
        TwoNamespaces f = fixture();
        Throwable thrown = catchThrowable(() -> store().inTransaction(f.tenant(), tx -> {
            tx.put("a", MemoryDraft.of("rolled back").embedding(vector(DIM)));
            tx.delete(f.inA().get(2));
            return tx.update(f.inA().get(0), 5, MemoryDraft.of("stale").embedding(vector(DIM)));
        }));

        assertThat(thrown).isInstanceOf(VersionConflictException.class);
        assertThat(snapshot(f)).containsExactlyElementsOf(f.before());
    }

    @Test
    default void the_transaction_used_from_another_thread_throws_naming_the_owner() throws Exception {
        TwoNamespaces f = fixture();
        ExecutorService other = Executors.newSingleThreadExecutor(Workers.named("intruder"));
        try {
            String owner = store().inTransaction(f.tenant(), tx -> {
                MemoryId mine = tx.put("a", MemoryDraft.of("owner's write").embedding(vector(DIM)));
                List<Future<?>> attempts = List.of(
                        other.submit(() -> tx.put("a", MemoryDraft.of("intruder").embedding(vector(DIM)))),
                        other.submit(() -> tx.get(mine)),
                        other.submit(() -> tx.update(f.inA().get(0), 1, MemoryDraft.of("intruder").embedding(vector(DIM)))),
                        other.submit(() -> tx.delete(f.inA().get(1))));
                for (Future<?> attempt : attempts) {
                    Throwable e = catchThrowable(attempt::get);
                    assertThat(e).as("use from another thread").isNotNull();
                    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(Thread.currentThread().getName());
                }
                return Thread.currentThread().getName();
            });
            assertThat(owner).isNotBlank();
        } finally {
            other.shutdown();
            assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(f.a().count()).as("only the owner's put committed").isEqualTo(6);
        assertThat(listAll(f.a())).noneMatch(m -> m.content().equals("intruder"));
        assertThat(f.a().get(f.inA().get(0))).map(Memory::version).contains(1L);
        assertThat(f.a().get(f.inA().get(1))).isPresent();
    }

    @Test
    default void the_transaction_used_after_its_callback_returned_throws() {
        TwoNamespaces f = fixture();
        AtomicReference<Transaction> leaked = new AtomicReference<>();
        store().inTransaction(f.tenant(), tx -> {
            leaked.set(tx);
            return null;
        });
        Transaction tx = leaked.get();
        String owner = Thread.currentThread().getName();

        for (Runnable misuse : List.<Runnable>of(
                () -> tx.put("a", MemoryDraft.of("late").embedding(vector(DIM))),
                () -> tx.get(f.inA().get(0)),
                () -> tx.update(f.inA().get(0), 1, MemoryDraft.of("late").embedding(vector(DIM))),
                () -> tx.delete(f.inA().get(0)))) {
            IllegalStateException e = catchThrowableOfType(IllegalStateException.class, misuse::run);
            assertThat(e).as("use after the callback returned").isNotNull();
            assertThat(e.getMessage()).contains(owner);
        }
        assertThat(snapshot(f)).containsExactlyElementsOf(f.before());
    }

    @Test
    default void the_callback_result_is_returned_and_an_empty_transaction_commits() {
        TwoNamespaces f = fixture();
        Integer answer = store().inTransaction(f.tenant(), tx -> 42);
        assertThat(answer).isEqualTo(42);
        assertThat(store().<Object>inTransaction(f.tenant(), tx -> null)).isNull();
        assertThat(snapshot(f)).containsExactlyElementsOf(f.before());
    }

    @Test
    default void a_write_through_the_store_inside_a_callback_fails_at_once_instead_of_waiting_for_its_own_lock() {
        TwoNamespaces f = fixture();
        MemoryId kept = store().inTransaction(f.tenant(), tx -> {
            MemoryId id = tx.put("a", data().draft("inside", DIM));
            Throwable nestedPut = catchThrowable(() -> f.b().put(data().draft("nested", DIM)));
            assertThat(nestedPut).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("put(")
                    .hasMessageContaining("Use the Transaction");
            Throwable nestedDelete = catchThrowable(() -> f.a().delete(f.inA().get(0)));
            assertThat(nestedDelete).isInstanceOf(IllegalStateException.class);
            Throwable nestedTx = catchThrowable(() -> store().inTransaction(f.tenant(), inner -> 1));
            assertThat(nestedTx).isInstanceOf(IllegalStateException.class);
            // Reads through the store do not need the write lock and still work.
            assertThat(f.a().get(f.inA().get(1))).isPresent();
            return id;
        });
        assertThat(f.a().get(kept)).as("the transaction's own write committed").isPresent();
        assertThat(f.b().count()).as("the refused nested put stored nothing").isEqualTo(3);
        assertThat(f.a().count()).as("the refused nested delete deleted nothing").isEqualTo(6);
    }
}
