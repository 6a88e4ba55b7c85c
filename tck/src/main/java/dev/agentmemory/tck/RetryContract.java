package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.Conversation;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Message;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreStats;
import dev.agentmemory.Transaction;
import dev.agentmemory.tck.support.LostCommitReplies;
import dev.agentmemory.tck.support.WordHashEmbedder;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: writes whose commit succeeded but whose
 * reply was lost (a server that died after the commit) are retried by the store and applied
 * exactly once.
 *
 * <p>The fault is injected with {@link LostCommitReplies} under the backend's pool, through the
 * backend's {@link ConnectionTap}: this area needs the {@link ConfinementCheckedContract}
 * capability, and a backend declares both by implementing this interface.
 */
public interface RetryContract extends ConfinementCheckedContract {
    /** The vector dimension of this area's memories. */
    int DIM = 6;

    /** Immutable and thread-safe: a store whose commits lose their reply when armed, and a namespace in it. */
    record Faulty(LostCommitReplies faults, MemoryStore store, Namespace ns) {
        /** Transparent retries of {@code op} so far. */
        long retries(String op) {
            StoreStats.OperationStats stats = store.stats().operations().get(op);
            return stats == null ? 0 : stats.retries();
        }
    }

    private Faulty faulty() {
        LostCommitReplies faults = new LostCommitReplies();
        MemoryStore store = openStore(b -> b, faults.decorator());
        return new Faulty(faults, store, store.namespace(newTenant(), uniqueName("retry")));
    }

    @Test
    default void a_put_whose_reply_was_lost_after_commit_is_stored_exactly_once() {
        Faulty f = faulty();
        Namespace ns = f.ns();
        MemoryDraft draft = draft("the reply of this put is lost", DIM);

        f.faults().arm(1);
        MemoryId id = ns.put(draft);

        assertThat(f.faults().injected()).as("lost replies injected").isEqualTo(1);
        assertThat(f.retries("put")).as("transparent retries of put").isEqualTo(1);
        assertThat(ns.count()).as("memories after a retried put").isEqualTo(1);
        assertThat(ns.get(id)).as("the id the retried put returned").isPresent();
        List<MemoryId> found = ns.search(Search.vector(draft.embedding()).topK(5)).stream()
                .map(m -> m.memory().id()).toList();
        assertThat(found).as("search after a retried put").containsExactly(id);
    }

    @Test
    default void a_retried_put_of_text_runs_the_embedder_once() {
        LostCommitReplies faults = new LostCommitReplies();
        WordHashEmbedder embedder = new WordHashEmbedder(DIM);
        MemoryStore store = openStore(b -> b.embedder(embedder), faults.decorator());
        Faulty f = new Faulty(faults, store, store.namespace(newTenant(), uniqueName("retry-embed")));
        Namespace ns = f.ns();

        faults.arm(1);
        MemoryId id = ns.put(MemoryDraft.of("embedded once although the put ran twice"));
        faults.arm(1);
        List<MemoryId> batch = ns.putAll(List.of(MemoryDraft.of("a batch retried"), MemoryDraft.of("as a whole")));

        assertThat(faults.injected()).as("lost replies injected").isEqualTo(2);
        assertThat(f.retries("put") + f.retries("putAll")).as("transparent retries").isEqualTo(2);
        assertThat(embedder.embedded()).as("texts embedded: each once, not once per attempt").isEqualTo(3);
        assertThat(ns.count()).isEqualTo(3);
        assertThat(ns.get(id)).isPresent();
        assertThat(ns.getAll(batch)).hasSize(2);
    }

    /**
     * Puts from many threads at once may be committed together (group commit); a lost reply
     * then reaches every put of the group, and each caller's retry must find its own row. Such
     * a group needs one retry per put, so more retries than lost replies prove that one was
     * hit; rounds repeat until one was (at most ten).
     */
    @Test
    default void puts_from_eight_threads_whose_replies_are_lost_are_each_stored_exactly_once() {
        Faulty f = faulty();
        Namespace ns = f.ns();
        Map<MemoryId, String> stored = new ConcurrentHashMap<>();
        int rounds = 0;
        do {
            int round = rounds++;
            f.faults().arm(6);
            Workers.run("lost-replies", 8, Duration.ofSeconds(60), w -> {
                for (int i = 0; i < 25; i++) {
                    String content = "round " + round + " worker " + w + " put " + i;
                    assertThat(stored.put(ns.put(draft(content, DIM)), content)).as("a fresh id").isNull();
                }
            });
        } while (f.retries("put") <= f.faults().injected() && rounds < 10);

        int injected = f.faults().injected();
        assertThat(injected).as("lost replies injected in %d rounds", rounds).isEqualTo(6 * rounds);
        assertThat(f.retries("put")).as("retries of put after %d lost replies in %d rounds (%d puts grouped):"
                + " a lost reply reached puts committed together", injected, rounds, f.store().stats().groupedPuts())
                .isGreaterThan(injected);
        assertThat(stored).hasSize(200 * rounds);
        assertThat(ns.count()).as("memories after the retried puts").isEqualTo(200L * rounds);
        stored.forEach((id, content) -> assertThat(ns.get(id).orElseThrow().content()).isEqualTo(content));
    }

    @Test
    default void a_put_all_whose_reply_was_lost_after_commit_is_stored_exactly_once() {
        Faulty f = faulty();
        Namespace ns = f.ns();
        List<MemoryDraft> drafts = List.of(draft("one", DIM), draft("two", DIM), draft("three", DIM));

        f.faults().arm(1);
        List<MemoryId> ids = ns.putAll(drafts);

        assertThat(f.faults().injected()).isEqualTo(1);
        assertThat(f.retries("putAll")).as("transparent retries of putAll").isEqualTo(1);
        assertThat(ids).hasSize(3).doesNotHaveDuplicates();
        assertThat(ids(listAll(ns))).as("memories after a retried putAll").containsExactlyElementsOf(ids);
    }

    @Test
    default void an_update_whose_reply_was_lost_after_commit_is_applied_exactly_once() {
        Faulty f = faulty();
        Namespace ns = f.ns();
        MemoryId id = ns.put(draft("before", DIM));
        MemoryDraft replacement = draft("after", DIM).metadata("edited", true);

        f.faults().arm(1);
        Memory updated = ns.update(id, 1, replacement);

        assertThat(f.faults().injected()).isEqualTo(1);
        assertThat(f.retries("update")).as("transparent retries of update").isEqualTo(1);
        assertThat(updated.version()).as("version after one update").isEqualTo(2);
        Memory stored = ns.get(id).orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.content()).isEqualTo("after");
        assertThat(stored.metadata().asMap()).containsEntry("edited", true);
    }

    @Test
    default void a_retried_update_still_reports_a_conflict_with_another_writer() {
        Faulty f = faulty();
        Namespace ns = f.ns();
        MemoryId id = ns.put(draft("v1", DIM));
        ns.update(id, 1, draft("someone else's v2", DIM));

        f.faults().arm(1); // unused: the conflict is found before any commit
        Throwable e = catchThrowableOfType(dev.agentmemory.VersionConflictException.class,
                () -> ns.update(id, 1, draft("my v2", DIM)));

        assertThat(e).as("an update from version 1 after another writer made version 2").isNotNull();
        assertThat(ns.get(id).orElseThrow().content()).isEqualTo("someone else's v2");
    }

    @Test
    default void a_delete_whose_reply_was_lost_after_commit_leaves_the_memory_deleted() {
        Faulty f = faulty();
        Namespace ns = f.ns();
        MemoryId id = ns.put(draft("to delete", DIM));

        f.faults().arm(1);
        ns.delete(id);

        assertThat(f.faults().injected()).isEqualTo(1);
        assertThat(ns.get(id)).isEmpty();
        assertThat(ns.count()).isZero();
    }

    @Test
    default void a_transaction_whose_reply_was_lost_is_not_retried_and_says_the_outcome_is_unknown() {
        LostCommitReplies local = new LostCommitReplies();
        MemoryStore store = openStore(b -> b, local.decorator());
        String tenant = newTenant();
        String name = uniqueName("retry-tx");
        int[] runs = {0};

        local.arm(1);
        StorageException e = catchThrowableOfType(StorageException.class, () -> store.inTransaction(tenant,
                (Transaction tx) -> {
                    runs[0]++;
                    return tx.put(name, draft("in a transaction", DIM));
                }));

        assertThat(e).as("a transaction whose commit reply was lost").isNotNull();
        assertThat(e.kind()).isEqualTo(StorageException.FailureKind.UNKNOWN_OUTCOME);
        assertThat(runs[0]).as("times the callback ran").isEqualTo(1);
        assertThat(store.namespace(tenant, name).count()).as("the commit did happen").isEqualTo(1);
    }

    @Test
    default void an_append_whose_reply_was_lost_after_commit_is_stored_once() {
        LostCommitReplies faults = new LostCommitReplies();
        Conversation chat = openStore(b -> b, faults.decorator()).conversation(newTenant(), "lossy");
        chat.append("user", "first");
        faults.arm(1);
        Message second = chat.append("assistant", "second");
        assertThat(faults.injected()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(chat.last(10)).extracting(Message::text).containsExactly("first", "second");
    }
}
