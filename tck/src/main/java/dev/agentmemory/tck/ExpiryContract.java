package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Filter;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Search;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test: expiry and history. An expired memory is
 * invisible at once to every read, count, list and search, and is purged later; every update
 * and delete keeps the previous version, up to the retention setting.
 */
public interface ExpiryContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 5;

    /** A store on this test's {@link #clock()}, purging only when asked, keeping {@code historyVersions}. */
    private MemoryStore expiringStore(int historyVersions) {
        return openStore(b -> b.clock(clock()).purgeInterval(Duration.ZERO).historyVersions(historyVersions));
    }

    @Test
    default void an_expired_memory_is_invisible_at_once_everywhere_and_purged_later() {
        MemoryStore store = expiringStore(10);
        Namespace ns = store.namespace(newTenant(), "ttl");
        float[] v = vector(DIM);
        MemoryId shortLived = ns.put(MemoryDraft.of("short-lived").embedding(v).ttl(Duration.ofSeconds(10)));
        MemoryId atInstant = ns.put(draft("until noon", DIM).expiresAt(CLOCK_START.plusSeconds(30)));
        MemoryId forever = ns.put(draft("forever", DIM));
        assertThat(ns.get(shortLived).orElseThrow().expiresAt()).contains(CLOCK_START.plusSeconds(10));

        clock().advance(Duration.ofSeconds(11));
        assertThat(ns.get(shortLived)).isEmpty();
        assertThat(ns.getAll(List.of(shortLived, atInstant, forever))).extracting(Memory::id)
                .containsExactly(atInstant, forever);
        assertThat(ns.count()).isEqualTo(2);
        assertThat(ns.count(Filter.and())).isEqualTo(2);
        assertThat(listAll(ns)).extracting(Memory::id).containsExactly(atInstant, forever);
        assertThat(ns.search(Search.vector(v).topK(10))).extracting(m -> m.memory().id()).doesNotContain(shortLived);
        assertThat(ns.deleteWhere(Filter.and())).as("deleteWhere sees only live memories").isEqualTo(2);

        assertThat(store.purgeExpired()).as("the one expired memory").isEqualTo(1);
        assertThat(store.purgeExpired()).isZero();
        assertThat(ns.history(shortLived)).extracting(MemoryVersion::change)
                .containsExactly(MemoryVersion.Change.DELETED);
    }

    @Test
    default void a_namespace_time_to_live_applies_to_memories_written_without_their_own() {
        MemoryStore store = expiringStore(10);
        Namespace ns = store.namespace(newTenant(), "session", NamespaceOptions.defaults().ttl(Duration.ofMinutes(5)));
        MemoryId defaulted = ns.put(draft("default ttl", DIM));
        MemoryId own = ns.put(draft("own ttl", DIM).ttl(Duration.ofHours(1)));

        assertThat(ns.get(defaulted).orElseThrow().expiresAt()).contains(CLOCK_START.plus(Duration.ofMinutes(5)));
        clock().advance(Duration.ofMinutes(6));
        assertThat(ns.get(defaulted)).isEmpty();
        assertThat(ns.get(own)).isPresent();
    }

    @Test
    default void an_update_keeps_the_expiry_unless_the_replacement_sets_one() {
        MemoryStore store = expiringStore(10);
        Namespace ns = store.namespace(newTenant(), "ttl-update");
        MemoryId id = ns.put(draft("v1", DIM).ttl(Duration.ofSeconds(60)));
        Memory v2 = ns.update(id, 1, draft("v2", DIM));
        assertThat(v2.expiresAt()).contains(CLOCK_START.plusSeconds(60));
        Memory v3 = ns.update(id, 2, draft("v3", DIM).ttl(Duration.ofSeconds(5)));
        assertThat(v3.expiresAt()).contains(CLOCK_START.plusSeconds(5));
        clock().advance(Duration.ofSeconds(6));
        assertThat(ns.get(id)).isEmpty();
    }

    @Test
    default void content_of_an_expired_memory_can_be_stored_again() {
        MemoryStore store = expiringStore(10);
        Namespace ns = store.namespace(newTenant(), "ttl-dedup");
        MemoryId old = ns.put(draft("remember me", DIM).ttl(Duration.ofSeconds(1)));
        clock().advance(Duration.ofSeconds(2));
        MemoryId fresh = ns.put(draft("remember me", DIM));
        assertThat(fresh).isNotEqualTo(old);
        assertThat(ns.get(fresh)).isPresent();
        assertThat(ns.count()).isEqualTo(1);
    }

    @Test
    default void a_time_to_live_that_is_not_positive_is_refused() {
        Namespace ns = newNamespace();
        assertRejected(store(), ErrorCode.INVALID_ARGUMENT, "put", () -> ns.put(draft("x", DIM).ttl(Duration.ZERO)));
        assertThat(ns.count()).isZero();
    }

    @Test
    default void the_background_purge_removes_expired_memories_by_itself() throws InterruptedException {
        MemoryStore store = openStore(b -> b.clock(clock()).purgeInterval(Duration.ofMillis(50)));
        Namespace ns = store.namespace(newTenant(), "purged");
        MemoryId id = ns.put(draft("soon gone", DIM).ttl(Duration.ofSeconds(1)));
        clock().advance(Duration.ofSeconds(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // Polls the store's own purge thread: real time passes here, the test's clock does not.
        while (ns.history(id).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ns.history(id)).as("the purge archived the expired memory as deleted").hasSize(1);
    }

    @Test
    default void history_keeps_every_previous_version_newest_first_up_to_the_retention() {
        MemoryStore store = expiringStore(3);
        Namespace ns = store.namespace(newTenant(), "history");
        MemoryId id = ns.put(draft("v1", DIM).metadata("step", 1));
        for (int v = 1; v <= 4; v++) {
            clock().advance(Duration.ofSeconds(1));
            ns.update(id, v, draft("v" + (v + 1), DIM).metadata("step", v + 1));
        }
        List<MemoryVersion> history = ns.history(id);
        assertThat(history).extracting(h -> h.memory().content()).containsExactly("v4", "v3", "v2");
        assertThat(history).extracting(h -> h.memory().version()).containsExactly(4L, 3L, 2L);
        assertThat(history).allSatisfy(h -> assertThat(h.change()).isEqualTo(MemoryVersion.Change.UPDATED));
        assertThat(history.get(0).memory().metadata().getLong("step")).contains(4L);
        assertThat(history.get(0).replacedAt()).isEqualTo(CLOCK_START.plusSeconds(4));

        clock().advance(Duration.ofSeconds(1));
        assertThat(ns.delete(id)).isTrue();
        List<MemoryVersion> afterDelete = ns.history(id);
        assertThat(afterDelete).hasSize(3);
        assertThat(afterDelete.get(0).change()).isEqualTo(MemoryVersion.Change.DELETED);
        assertThat(afterDelete.get(0).memory().content()).isEqualTo("v5");
        assertThat(store.namespace(newTenant(), "history").history(id)).as("another tenant sees nothing").isEmpty();
    }

    @Test
    default void history_can_be_turned_off_and_a_rolled_back_update_leaves_none() {
        MemoryStore off = expiringStore(0);
        Namespace ns = off.namespace(newTenant(), "no-history");
        MemoryId id = ns.put(draft("v1", DIM));
        ns.update(id, 1, draft("v2", DIM));
        assertThat(ns.history(id)).isEmpty();

        Namespace kept = store().namespace(newTenant(), "rollback");
        MemoryId k = kept.put(draft("k1", DIM));
        try {
            store().inTransaction(kept.tenant(), tx -> {
                tx.update(k, 1, draft("k2", DIM));
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(kept.history(k)).isEmpty();
        assertThat(kept.get(k).orElseThrow().content()).isEqualTo("k1");
    }
}
