package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.NamespaceOptions.NearDuplicatePolicy;
import dev.agentmemory.Search;
import dev.agentmemory.tck.support.Overlap;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: deduplication. Exact duplicates (the same
 * content in a namespace) are held off by a unique constraint in the database, so they hold
 * under any concurrency; near-duplicates are handled by the namespace's policy; ids chosen by
 * the caller make a put idempotent.
 */
public interface DedupContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 8;

    @Test
    default void putting_the_same_content_twice_returns_the_existing_id() {
        Namespace ns = newNamespace();
        MemoryId first = ns.put(draft("Alice prefers tea", DIM).metadata("source", "chat"));
        MemoryId second = ns.put(draft("Alice prefers tea", DIM).metadata("source", "calendar"));

        assertThat(second).isEqualTo(first);
        assertThat(ns.count()).isEqualTo(1);
        assertThat(ns.get(first).orElseThrow().metadata().getString("source")).as("the first write stands")
                .contains("chat");
        Namespace other = store().namespace(ns.tenant(), uniqueName("other"));
        assertThat(other.put(draft("Alice prefers tea", DIM))).as("another namespace keeps its own copy")
                .isNotEqualTo(first);
    }

    @Test
    default void duplicates_within_one_batch_and_against_stored_memories_map_to_one_id() {
        Namespace ns = newNamespace();
        MemoryId stored = ns.put(draft("stored", DIM));
        List<MemoryId> ids = ns.putAll(List.of(draft("new", DIM), draft("stored", DIM), draft("new", DIM),
                draft("other", DIM)));

        assertThat(ids.get(1)).isEqualTo(stored);
        assertThat(ids.get(2)).isEqualTo(ids.get(0));
        assertThat(Set.copyOf(ids)).hasSize(3);
        assertThat(ns.count()).isEqualTo(3);
    }

    @Test
    default void sixteen_threads_putting_the_same_content_at_once_get_one_row_and_the_same_id() {
        Races.sameContentFromSixteenThreads(this, store(), store(), DIM);
    }

    /**
     * Single puts that arrive together may be written in one transaction (group commit); each
     * must still get its own outcome. Every round mixes, at one instant: puts of one shared
     * content, puts of unique contents into two namespaces, a put of the wrong dimension and two
     * puts racing for one chosen id with different contents. A refusal must stay with its own
     * put, never fail the others it was written with.
     */
    @Test
    default void puts_arriving_together_each_keep_their_own_outcome() {
        String tenant = newTenant();
        Namespace first = store().namespace(tenant, uniqueName("together-a"));
        Namespace second = store().namespace(tenant, uniqueName("together-b"));
        first.put(draft("fixes the dimension", DIM));
        second.put(draft("fixes the dimension", DIM));
        Overlap overlap = new Overlap();
        // At least 8 rounds, and more (at most 64) until two puts were seen in flight at once: on
        // a loaded two-core machine a fast engine can run 16 workers' puts one after another.
        int rounds = 0;
        for (int round = 0; round < 8 || (overlap.most() < 2 && round < 64); round++) {
            rounds++;
            String shared = "shared note, round " + round;
            MemoryId contested = MemoryId.of(UUID.randomUUID());
            Set<MemoryId> sharedIds = ConcurrentHashMap.newKeySet();
            Map<MemoryId, String> unique = new ConcurrentHashMap<>();
            Map<String, ErrorCode> refusals = new ConcurrentHashMap<>();
            Set<String> contestedWinners = ConcurrentHashMap.newKeySet();
            int r = round;
            Workers.run("together", 16, Duration.ofSeconds(60), w -> overlap.during(() -> {
                try {
                    if (w % 4 == 0) {
                        sharedIds.add(first.put(draft(shared, DIM)));
                    } else if (w == 2) {
                        first.put(draft("wrong dimension " + r, DIM + 1));
                    } else if (w == 6 || w == 10) {
                        String content = "contested by " + w + " in round " + r;
                        assertThat(first.put(draft(content, DIM).id(contested))).isEqualTo(contested);
                        contestedWinners.add(content);
                    } else {
                        Namespace ns = w % 3 == 0 ? second : first;
                        String content = "unique " + w + " in round " + r;
                        unique.put(ns.put(draft(content, DIM)), ns.name() + ": " + content);
                    }
                } catch (MemoryStoreException e) {
                    refusals.put("worker " + w, e.code());
                }
            }));
            assertThat(refusals).as("round %d refusals", round)
                    .containsEntry("worker 2", ErrorCode.DIMENSION_MISMATCH).hasSize(2)
                    .containsValue(ErrorCode.ALREADY_EXISTS);
            assertThat(contestedWinners).as("round %d: one chosen-id put won", round).hasSize(1);
            assertThat(first.get(contested).orElseThrow().content()).isEqualTo(contestedWinners.iterator().next());
            assertThat(sharedIds).as("round %d: one id for the shared content", round).hasSize(1);
            assertThat(unique).as("round %d unique puts", round).hasSize(9);
            unique.forEach((id, where) -> {
                Namespace ns = where.startsWith(first.name() + ":") ? first : second;
                assertThat(ns.get(id).map(m -> ns.name() + ": " + m.content())).contains(where);
            });
        }
        assertThat(overlap.most()).as("puts in flight at once in %d rounds (%d grouped): the puts did arrive together",
                rounds, store().stats().groupedPuts()).isGreaterThanOrEqualTo(2);
        // Per round: first holds the shared note, the winner and 6 unique notes; second 3 unique.
        assertThat(first.count()).isEqualTo(1 + rounds * 8);
        assertThat(second.count()).isEqualTo(1 + rounds * 3);
    }

    @Test
    default void with_exact_dedup_off_every_put_stores_a_memory() {
        Namespace ns = store().namespace(newTenant(), uniqueName("nodedup"), NamespaceOptions.defaults()
                .exactDedup(false));
        MemoryId a = ns.put(draft("same", DIM));
        MemoryId b = ns.put(draft("same", DIM));
        assertThat(a).isNotEqualTo(b);
        assertThat(ns.count()).isEqualTo(2);
    }

    @Test
    default void a_transaction_deduplicates_as_its_options_say() {
        Namespace ns = newNamespace();
        List<MemoryId> ids = store().inTransaction(ns.tenant(), tx -> List.of(
                tx.put(ns.name(), draft("twice", DIM)),
                tx.put(ns.name(), draft("twice", DIM)),
                tx.put(ns.name(), draft("twice", DIM), NamespaceOptions.defaults().exactDedup(false))));
        assertThat(ids.get(1)).as("default options deduplicate").isEqualTo(ids.get(0));
        assertThat(ids.get(2)).as("exact dedup off").isNotEqualTo(ids.get(0));
        assertThat(ns.count()).isEqualTo(2);
    }

    @Test
    default void an_update_to_content_another_memory_holds_stands_and_put_still_dedups_to_the_first() {
        Namespace ns = newNamespace();
        MemoryId a = ns.put(draft("alpha", DIM));
        MemoryId b = ns.put(draft("beta", DIM));
        Memory updated = ns.update(b, 1, draft("alpha", DIM));

        assertThat(updated.content()).isEqualTo("alpha");
        assertThat(ns.put(draft("alpha", DIM))).as("the memory that held the content first").isEqualTo(a);
        assertThat(ns.put(draft("beta", DIM))).as("beta is free again: a new memory").isNotIn(a, b);
        assertThat(ns.count()).isEqualTo(3);
    }

    @Test
    default void a_chosen_id_makes_a_put_idempotent_and_a_taken_id_is_refused() {
        Namespace ns = store().namespace(newTenant(), uniqueName("ids"), NamespaceOptions.defaults().exactDedup(false));
        MemoryId chosen = MemoryId.of(UUID.randomUUID());
        MemoryDraft d = draft("chosen", DIM).id(chosen);

        assertThat(ns.put(d)).isEqualTo(chosen);
        assertThat(ns.put(d)).as("the same put again").isEqualTo(chosen);
        assertThat(ns.count()).isEqualTo(1);
        assertRejectedAndUnchanged(ns, ErrorCode.ALREADY_EXISTS, () -> ns.put(draft("different", DIM).id(chosen)));
        Namespace elsewhere = store().namespace(ns.tenant(), uniqueName("elsewhere"));
        assertRejected(store(), ErrorCode.ALREADY_EXISTS, "put", () -> elsewhere.put(draft("x", DIM).id(chosen)));
        assertThat(elsewhere.count()).isZero();
        assertThat(store().namespace(newTenant(), ns.name()).put(draft("chosen", DIM).id(chosen)))
                .as("ids are per tenant").isEqualTo(chosen);
    }

    @Test
    default void a_chosen_id_can_be_put_deleted_and_put_again_any_number_of_times() {
        Namespace ns = store().namespace(newTenant(), uniqueName("again"), NamespaceOptions.defaults().exactDedup(false));
        MemoryId chosen = MemoryId.of(UUID.randomUUID());
        float[] v = vector(DIM);
        for (int round = 0; round < 3; round++) {
            assertThat(ns.put(MemoryDraft.of("round " + round).embedding(v).id(chosen))).isEqualTo(chosen);
            assertThat(ns.search(Search.vector(v).topK(1))).extracting(m -> m.memory().content())
                    .as("round %d visible to search", round).containsExactly("round " + round);
            assertThat(ns.delete(chosen)).as("delete in round %d", round).isTrue();
            assertThat(ns.get(chosen)).isEmpty();
            assertThat(ns.search(Search.vector(v).topK(1))).as("round %d gone from search", round).isEmpty();
        }
    }

    @Test
    default void near_duplicates_are_returned_merged_or_refused_as_the_policy_says() {
        float[] v = vector(DIM);
        float[] close = v.clone();
        close[0] += 0.001f;
        float[] far = vector(DIM);
        String tenant = newTenant();

        Namespace returning = store().namespace(tenant, "near-return", NamespaceOptions.defaults()
                .nearDuplicates(0.99, NearDuplicatePolicy.RETURN_EXISTING));
        MemoryId original = returning.put(MemoryDraft.of("original").embedding(v));
        assertThat(returning.put(MemoryDraft.of("reworded").embedding(close))).isEqualTo(original);
        assertThat(returning.put(MemoryDraft.of("unrelated").embedding(far))).isNotEqualTo(original);
        assertThat(returning.count()).isEqualTo(2);

        Namespace merging = store().namespace(tenant, "near-merge", NamespaceOptions.defaults()
                .nearDuplicates(0.99, NearDuplicatePolicy.MERGE_METADATA));
        MemoryId kept = merging.put(MemoryDraft.of("original").embedding(v).metadata("a", 1).metadata("b", "old"));
        assertThat(merging.put(MemoryDraft.of("reworded").embedding(close).metadata("b", "new").metadata("c", true)))
                .isEqualTo(kept);
        Memory merged = merging.get(kept).orElseThrow();
        assertThat(merged.content()).isEqualTo("original");
        assertThat(merged.version()).isEqualTo(2);
        assertThat(merged.metadata().asMap()).containsEntry("a", 1L).containsEntry("b", "new").containsEntry("c", true);
        assertThat(merging.search(Search.vector(v).topK(5))).singleElement()
                .satisfies(m -> assertThat(m.memory().metadata().asMap()).containsEntry("b", "new"));

        Namespace refusing = store().namespace(tenant, "near-reject", NamespaceOptions.defaults()
                .nearDuplicates(0.99, NearDuplicatePolicy.REJECT));
        MemoryId first = refusing.put(MemoryDraft.of("original").embedding(v));
        var e = assertRejectedAndUnchanged(refusing, ErrorCode.NEAR_DUPLICATE,
                () -> refusing.put(MemoryDraft.of("reworded").embedding(close)));
        assertThat(e.getMessage()).contains(first.toString());
        assertThat(refusing.put(MemoryDraft.of("unrelated").embedding(far))).isNotEqualTo(first);
    }

    @Test
    default void near_duplicates_racing_from_many_threads_leave_one_memory() {
        Overlap overlap = new Overlap();
        // Rounds repeat (up to twenty) until two puts were in flight together: a very fast
        // engine may finish each put before the next thread starts.
        for (int round = 0; round == 0 || (overlap.most() < 2 && round < 20); round++) {
            Namespace ns = store().namespace(newTenant(), uniqueName("near-race"), NamespaceOptions.defaults()
                    .exactDedup(false).nearDuplicates(0.999, NearDuplicatePolicy.RETURN_EXISTING));
            float[] v = vector(DIM);
            Set<MemoryId> ids = ConcurrentHashMap.newKeySet();
            Workers.run("near-race", 12, Duration.ofSeconds(60), worker -> {
                for (int i = 0; i < 5; i++) {
                    String content = "say it again " + worker + "-" + i;
                    ids.add(overlap.during(() -> ns.put(MemoryDraft.of(content).embedding(v))));
                }
            });
            assertThat(ids).as("ids in round %d", round).hasSize(1);
            assertThat(ns.count()).as("memories in round %d", round).isEqualTo(1);
        }
        assertThat(overlap.most()).as("near-duplicate puts in flight at once").isGreaterThanOrEqualTo(2);
    }

    /** Asserts a validation error naming the operation, and that the namespace did not change. */
    private dev.agentmemory.ValidationException assertRejectedAndUnchanged(Namespace ns, ErrorCode code,
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        long before = ns.count();
        var e = assertRejected(store(), code, "put", call);
        assertThat(ns.count()).as("nothing stored after %s", code).isEqualTo(before);
        return e;
    }
}
