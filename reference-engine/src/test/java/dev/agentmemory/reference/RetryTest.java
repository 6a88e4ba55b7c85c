package dev.agentmemory.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.Conversation;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StorageException;
import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.StoreStats;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs it: core's retries, with storage faults injected at
 * the commit ({@link ReferenceFaults}). Retryable failures are retried; a lost reply after a
 * commit is retried by idempotency key and lands exactly once; failures that say "unavailable"
 * or "permanent" are not retried; transactions are never retried.
 */
class RetryTest extends ReferenceStores {
    private final ReferenceFaults faults = new ReferenceFaults();
    private MemoryStore store;
    private Namespace ns;

    @BeforeEach
    void openFaultyStore() {
        store = open(b -> b.attribute(ReferenceFaults.KEY, faults));
        ns = store.namespace("tenant", "retries");
    }

    private long retries(String operation) {
        StoreStats.OperationStats op = store.stats().operations().get(operation);
        return op == null ? 0 : op.retries();
    }

    @Test
    void a_put_whose_commit_reply_was_lost_is_stored_exactly_once() {
        MemoryDraft draft = draft("lost reply", 1);
        faults.loseNextCommitReplies(1);

        MemoryId id = ns.put(draft);

        assertThat(faults.injected()).isEqualTo(1);
        assertThat(retries("put")).isEqualTo(1);
        assertThat(ns.count()).isEqualTo(1);
        assertThat(ns.get(id)).map(Memory::content).contains("lost reply");
        assertThat(ns.search(Search.vector(draft.embedding()).topK(5))).singleElement()
                .satisfies(m -> assertThat(m.memory().id()).isEqualTo(id));
    }

    @Test
    void a_put_all_whose_commit_reply_was_lost_stores_each_memory_once() {
        List<MemoryDraft> drafts = List.of(draft("one", 1), draft("two", 2), draft("three", 3));
        faults.loseNextCommitReplies(1);

        List<MemoryId> ids = ns.putAll(drafts);

        assertThat(retries("putAll")).isEqualTo(1);
        assertThat(ids).doesNotHaveDuplicates().hasSize(3);
        assertThat(listAll()).extracting(Memory::id).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void an_update_whose_commit_reply_was_lost_is_applied_once() {
        MemoryId id = ns.put(draft("v1", 1));
        faults.loseNextCommitReplies(1);

        Memory updated = ns.update(id, 1, MemoryDraft.of("v2").embedding(new float[] {2, 2, 2, 2}));

        assertThat(retries("update")).isEqualTo(1);
        assertThat(updated.version()).as("the retry recognises its own committed update").isEqualTo(2);
        assertThat(ns.get(id)).map(Memory::version).contains(2L);
        assertThat(ns.history(id)).as("one archived version, not two").singleElement()
                .satisfies(v -> assertThat(v.memory().content()).isEqualTo("v1"));
    }

    @Test
    void a_delete_whose_commit_reply_was_lost_leaves_the_memory_deleted() {
        MemoryId id = ns.put(draft("doomed", 1));
        faults.loseNextCommitReplies(1);

        boolean reported = ns.delete(id);

        assertThat(retries("delete")).isEqualTo(1);
        assertThat(reported).as("the retry finds nothing left to delete (documented)").isFalse();
        assertThat(ns.get(id)).isEmpty();
        assertThat(ns.count()).isZero();
    }

    @Test
    void retryable_failures_are_retried_until_the_commit_succeeds() {
        faults.failNextCommits(2, FailureKind.RETRYABLE);

        MemoryId id = ns.put(draft("third time lucky", 1));

        assertThat(faults.injected()).isEqualTo(2);
        assertThat(retries("put")).isEqualTo(2);
        assertThat(ns.get(id)).isPresent();
        assertThat(ns.count()).isEqualTo(1);
    }

    @Test
    void retryable_failures_on_every_attempt_reach_the_caller_and_nothing_is_stored() {
        faults.failNextCommits(10, FailureKind.RETRYABLE);

        StorageException e = catchThrowableOfType(StorageException.class, () -> ns.put(draft("never", 1)));

        assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(e.getMessage()).contains("reference:").contains("nothing was applied");
        assertThat(faults.injected()).as("one per attempt (4 configured)").isEqualTo(4);
        assertThat(faults.pending()).isEqualTo(6);
        assertThat(ns.count()).isZero();
    }

    @Test
    void unavailable_and_permanent_failures_are_not_retried() {
        faults.failNextCommits(1, FailureKind.UNAVAILABLE);
        faults.failNextCommits(1, FailureKind.PERMANENT);

        StorageException unavailable = catchThrowableOfType(StorageException.class, () -> ns.put(draft("a", 1)));
        StorageException permanent = catchThrowableOfType(StorageException.class, () -> ns.put(draft("b", 2)));

        assertThat(unavailable.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(permanent.kind()).isEqualTo(FailureKind.PERMANENT);
        assertThat(retries("put")).isZero();
        assertThat(ns.count()).isZero();
    }

    @Test
    void a_transaction_whose_reply_was_lost_is_not_retried_and_its_commit_stands() {
        faults.loseNextCommitReplies(1);

        StorageException e = catchThrowableOfType(StorageException.class,
                () -> store.inTransaction("tenant", tx -> tx.put("retries", draft("in a transaction", 1))));

        assertThat(e.kind()).isEqualTo(FailureKind.UNKNOWN_OUTCOME);
        assertThat(retries("inTransaction")).isZero();
        assertThat(listAll()).extracting(Memory::content).containsExactly("in a transaction");
    }

    @Test
    void an_append_whose_commit_reply_was_lost_is_stored_once() {
        Conversation chat = store.conversation("tenant", "chat");
        chat.append("user", "hello");
        faults.loseNextCommitReplies(1);

        chat.append("assistant", "hi there");

        assertThat(chat.last(10)).extracting(m -> m.text()).containsExactly("hello", "hi there");
        assertThat(chat.last(10)).extracting(m -> m.seq()).containsExactly(1L, 2L);
    }

    /**
     * Puts from many threads are grouped (group commit); a lost reply then reaches every put of
     * the group, and each caller's retry must find its own row and no other.
     */
    @Test
    void puts_from_eight_threads_whose_replies_are_lost_are_each_stored_exactly_once() {
        Map<MemoryId, String> stored = new ConcurrentHashMap<>();
        faults.loseNextCommitReplies(6);

        Workers.run("lost-replies", 8, Duration.ofSeconds(30), w -> {
            for (int i = 0; i < 25; i++) {
                String content = "worker " + w + " put " + i;
                assertThat(stored.put(ns.put(draft(content, w * 100 + i)), content)).as("a fresh id").isNull();
            }
        });

        assertThat(faults.injected()).isEqualTo(6);
        assertThat(retries("put")).as("each put of a group whose reply was lost retries").isGreaterThanOrEqualTo(6);
        assertThat(ns.count()).isEqualTo(200);
        stored.forEach((id, content) -> assertThat(ns.get(id)).map(Memory::content).contains(content));
    }

    @Test
    void a_retried_update_still_reports_a_conflict_with_another_writer() {
        MemoryId id = ns.put(draft("v1", 1));
        ns.update(id, 1, draft("someone else's v2", 2));
        faults.loseNextCommitReplies(1); // not used: the conflict is found before any commit

        VersionConflictException e = catchThrowableOfType(VersionConflictException.class,
                () -> ns.update(id, 1, draft("my v2", 3)));

        assertThat(e).as("an update from version 1 after another writer made version 2").isNotNull();
        assertThat(faults.pending()).isEqualTo(1);
        assertThat(ns.get(id)).map(Memory::content).contains("someone else's v2");
    }

    private List<Memory> listAll() {
        return ns.list(dev.agentmemory.ListQuery.first(100)).items();
    }
}
