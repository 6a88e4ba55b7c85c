package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MessageDraft;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test (the workers it starts are its own): erasure,
 * which leaves nothing of what it removes. {@code delete} keeps a memory's history and a
 * tombstone; {@code erase}, {@code eraseNamespace} and {@code eraseTenant} must leave no row of
 * it in any table, and no search may find it afterwards.
 *
 * <p>The proof reads the backend's storage directly, through {@link #storedRows}, the one hook a
 * backend supplies: JDBC backends count a tenant's rows in every table of the catalog
 * ({@link JdbcTenantRows}), the reference engine in its maps. What an erasure leaves is compared
 * with a control tenant that was given only what should remain, so the test does not depend on
 * how a backend lays out its tables.
 */
public interface ErasureContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 8;

    /**
     * Test hook: the rows of {@code tenant} in every table of the backend's storage under
     * {@code store}, by table, with zero counts included (every table the schema has).
     *
     * @param store a store this test opened
     */
    Map<String, Long> storedRows(MemoryStore store, String tenant);

    /** A draft with fixed metadata, so that a control tenant can hold the same rows. */
    private MemoryDraft tagged(String content) {
        return MemoryDraft.of(content).embedding(vector(DIM)).metadata("source", "tck").metadata("rank", 3L);
    }

    /** Fills every table a tenant can have rows in: memories, metadata, history, tombstones, links, conversations. */
    private List<MemoryId> fill(MemoryStore store, String tenant, String namespace) {
        Namespace ns = store.namespace(tenant, namespace);
        List<MemoryId> ids = ns.putAll(List.of(tagged(namespace + " a"), tagged(namespace + " b"), tagged(namespace
                + " c")));
        ns.update(ids.get(0), 1, tagged(namespace + " a, changed"));
        ns.link(ids.get(0), ids.get(1), "follows", 0.5);
        ns.link(ids.get(1), ids.get(0), "answers", 1.0);
        ns.delete(ids.get(2));
        store.conversation(tenant, namespace + "-chat").appendAll(List.of(new MessageDraft("user", "hello"),
                new MessageDraft("assistant", "hi")));
        return ids;
    }

    private static long total(Map<String, Long> rows) {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    default void the_row_hook_sees_every_table_a_tenant_fills() {
        MemoryStore store = store();
        String tenant = newTenant();
        fill(store, tenant, "notes");
        Map<String, Long> rows = storedRows(store, tenant);
        assertThat(rows).as("rows of a tenant that has memories, metadata, history, tombstones, links and"
                + " conversations, by table").isNotEmpty().allSatisfy((table, count) -> assertThat(count)
                .as("rows in %s", table).isPositive());
        assertThat(storedRows(store, newTenant())).as("a tenant that wrote nothing").allSatisfy((table, count) ->
                assertThat(count).as("rows in %s", table).isZero());
    }

    @Test
    default void erase_removes_a_memory_with_its_history_metadata_links_and_tombstone() {
        MemoryStore store = store();
        String tenant = newTenant();
        Namespace ns = store.namespace(tenant, "notes");
        List<MemoryId> ids = ns.putAll(List.of(tagged("kept"), tagged("erased"), tagged("deleted, then erased")));
        MemoryId kept = ids.get(0);
        MemoryId erased = ids.get(1);
        MemoryId deleted = ids.get(2);
        ns.update(erased, 1, tagged("erased, second version"));
        ns.link(kept, erased, "follows", 1.0);
        ns.link(erased, kept, "answers", 1.0);
        ns.delete(deleted);
        assertThat(ns.history(deleted)).as("delete keeps the last version").hasSize(1);
        assertThat(ns.search(Search.vector(vector(DIM)).topK(10))).hasSize(2);

        assertThat(ns.erase(erased)).isTrue();
        assertThat(ns.erase(deleted)).as("a deleted memory's history and tombstone are erased too").isTrue();
        assertThat(ns.erase(erased)).as("erasing again finds nothing").isFalse();
        assertThat(ns.erase(MemoryId.generate())).isFalse();

        assertThat(ns.get(erased)).isEmpty();
        assertThat(ns.history(erased)).isEmpty();
        assertThat(ns.history(deleted)).isEmpty();
        assertThat(ns.links(kept)).as("links from and to the erased memory").isEmpty();
        assertThat(ns.search(Search.vector(vector(DIM)).topK(10))).extracting(m -> m.memory().id())
                .containsExactly(kept);
        assertThat(ns.get(kept)).get().extracting(Memory::content).isEqualTo("kept");

        String control = newTenant();
        store.namespace(control, "notes").put(tagged("kept"));
        assertThat(storedRows(store, tenant)).as("what erasure left, table by table, against a tenant that only"
                + " ever held the kept memory").isEqualTo(storedRows(store, control));
    }

    @Test
    default void erase_namespace_leaves_nothing_of_it_and_keeps_the_tenants_other_namespaces() {
        MemoryStore store = store();
        String tenant = newTenant();
        Namespace gone = store.namespace(tenant, "gone");
        // More than one erasure batch (500 memories each), live, updated and deleted.
        List<MemoryId> many = gone.putAll(data().drafts("bulk ", 700, DIM));
        List<MemoryId> filled = fill(store, tenant, "gone");
        fill(store, tenant, "stays");
        Namespace stays = store.namespace(tenant, "stays");
        MemoryId staying = stays.put(tagged("points into gone"));
        stays.link(staying, filled.get(0), "cites", 1.0);
        gone.delete(many.get(0));
        assertThat(gone.search(Search.vector(vector(DIM)).topK(5))).hasSize(5);

        long erased = store.eraseNamespace(tenant, "gone");

        assertThat(erased).as("memories erased: 700 bulk (one deleted) and 3 filled (one deleted)").isEqualTo(703);
        assertThat(gone.count()).isZero();
        assertThat(gone.search(Search.vector(vector(DIM)).topK(5))).isEmpty();
        assertThat(gone.history(filled.get(0))).isEmpty();
        assertThat(stays.links(staying)).as("a link from another namespace into the erased one").isEmpty();
        assertThat(store.namespaces(tenant, null, 10).items()).containsExactly("stays");
        assertThat(store.eraseNamespace(tenant, "gone")).as("erasing again").isZero();

        String control = newTenant();
        fill(store, control, "stays");
        store.namespace(control, "stays").put(tagged("points into gone"));
        store.conversation(control, "gone-chat").appendAll(List.of(new MessageDraft("user", "hello"),
                new MessageDraft("assistant", "hi")));
        assertThat(storedRows(store, tenant)).as("what the namespace's erasure left (its conversation is the"
                + " tenant's, not the namespace's), against a tenant that only ever held the rest")
                .isEqualTo(storedRows(store, control));
    }

    @Test
    default void erase_tenant_leaves_no_row_of_it_in_any_table_and_no_other_tenant_changes() {
        MemoryStore store = store();
        String tenant = newTenant();
        String other = newTenant();
        fill(store, tenant, "one");
        fill(store, tenant, "two");
        Conversation longChat = store.conversation(tenant, "long");
        for (int i = 0; i < 3; i++) {
            List<MessageDraft> batch = new ArrayList<>();
            for (int j = 0; j < 1000; j++) {
                batch.add(new MessageDraft("user", "message " + i + "-" + j));
            }
            longChat.appendAll(batch);
        }
        fill(store, other, "one");
        Map<String, Long> before = storedRows(store, tenant);
        Map<String, Long> otherBefore = storedRows(store, other);
        assertThat(before).as("every table holds rows of the tenant before").allSatisfy((table, count) ->
                assertThat(count).as("rows in %s", table).isPositive());
        store.namespace(tenant, "one").search(Search.vector(vector(DIM)));

        long erased = store.eraseTenant(tenant);

        assertThat(erased).as("memories erased, 3 in each namespace").isEqualTo(6);
        assertThat(storedRows(store, tenant)).as("rows left of the erased tenant (before: %s)", before)
                .allSatisfy((table, count) -> assertThat(count).as("rows in %s", table).isZero());
        assertThat(storedRows(store, other)).as("another tenant's rows").isEqualTo(otherBefore);
        assertThat(store.namespace(tenant, "one").search(Search.vector(vector(DIM)))).isEmpty();
        assertThat(store.namespaces(tenant, null, 10).items()).isEmpty();
        assertThat(store.conversations(tenant, null, 10).items()).isEmpty();
        assertThat(longChat.size()).isZero();
        assertThat(store.eraseTenant(tenant)).as("erasing again").isZero();

        Namespace reborn = store.namespace(tenant, "one");
        MemoryId id = reborn.put(tagged("after the erasure"));
        assertThat(reborn.search(Search.vector(vector(DIM)).topK(10))).extracting(m -> m.memory().id())
                .containsExactly(id);
        assertThat(longChat.append("user", "again").seq()).as("a conversation starts again at 1").isEqualTo(1);
    }

    @Test
    default void erasure_refuses_invalid_names_naming_the_operation() {
        MemoryStore store = store();
        assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "eraseTenant", () -> store.eraseTenant("no spaces"));
        assertRejected(store, ErrorCode.INVALID_IDENTIFIER, "eraseNamespace", () -> store.eraseNamespace("t", ""));
        Namespace ns = newNamespace();
        assertRejected(store, ErrorCode.INVALID_ARGUMENT, "erase", () -> ns.erase(null));
    }

    @Test
    default void erase_during_concurrent_writes_loses_nothing_of_other_namespaces_or_tenants() {
        MemoryStore store = store();
        String tenant = newTenant();
        String otherTenant = newTenant();
        Namespace target = store.namespace(tenant, "target");
        Namespace sibling = store.namespace(tenant, "sibling");
        Namespace elsewhere = store.namespace(otherTenant, "target");
        Queue<MemoryId> siblingIds = new ConcurrentLinkedQueue<>();
        Queue<MemoryId> elsewhereIds = new ConcurrentLinkedQueue<>();
        AtomicInteger targetPutsDuringErasure = new AtomicInteger();
        AtomicBoolean erasing = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger erasures = new AtomicInteger();
        AtomicInteger erasedSome = new AtomicInteger();
        target.putAll(data().drafts("seed ", 200, DIM));

        Workers.run("erase-race", 5, Duration.ofSeconds(90), worker -> {
            if (worker == 0) {
                try {
                    // At least 6 rounds, and on until writers were seen putting into the namespace
                    // while it was being erased (bounded: the assertion below reports a miss).
                    for (int round = 0; round < 6 || (targetPutsDuringErasure.get() == 0 && round < 300); round++) {
                        erasing.set(true);
                        if (store.eraseNamespace(tenant, "target") > 0) {
                            erasedSome.incrementAndGet();
                        }
                        erasing.set(false);
                        erasures.incrementAndGet();
                        Thread.sleep(20);
                    }
                } finally {
                    stop.set(true);
                }
                return;
            }
            for (int i = 0; !stop.get() && i < 2_000; i++) {
                String text = "w" + worker + " " + i;
                boolean during = erasing.get();
                target.put(MemoryDraft.of(text).embedding(vector(DIM)));
                if (during) {
                    targetPutsDuringErasure.incrementAndGet();
                }
                siblingIds.add(sibling.put(MemoryDraft.of(text).embedding(vector(DIM))));
                elsewhereIds.add(elsewhere.put(MemoryDraft.of(text).embedding(vector(DIM))));
            }
        });

        assertThat(erasures.get()).isGreaterThanOrEqualTo(6);
        assertThat(erasedSome.get()).as("erasures that found memories to erase").isPositive();
        assertThat(targetPutsDuringErasure.get()).as("puts into the namespace while it was being erased: the race"
                + " happened").isPositive();
        assertThat(sibling.count()).as("the sibling namespace holds every acknowledged put").isEqualTo(siblingIds.size());
        assertThat(elsewhere.count()).as("the other tenant holds every acknowledged put").isEqualTo(elsewhereIds.size());
        Set<MemoryId> listed = listAll(sibling).stream().map(Memory::id).collect(Collectors.toSet());
        assertThat(listed).containsExactlyInAnyOrderElementsOf(siblingIds);
        Set<MemoryId> found = elsewhere.search(Search.vector(vector(DIM)).topK(elsewhereIds.size())).stream()
                .map(Match::memory).map(Memory::id).collect(Collectors.toSet());
        assertThat(found).as("the other tenant's search").containsExactlyInAnyOrderElementsOf(elsewhereIds);

        store.eraseNamespace(tenant, "target");
        assertThat(target.count()).as("after a last erasure with no writer").isZero();
        assertThat(target.search(Search.vector(vector(DIM)).topK(10))).isEmpty();
    }
}
