package dev.agentmemory.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.tck.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs it: search freshness, core's change-counter protocol
 * end to end. Two stores on one database each keep their own search index; what one writes,
 * the other's next search shows, because every write advances the namespace's counter and
 * the index catches up from the change feed before searching.
 */
class FreshnessTest extends ReferenceStores {
    private static final String TENANT = "tenant";

    private static List<MemoryId> found(Namespace ns, float[] query) {
        return ns.search(Search.vector(query).topK(10)).stream().map(m -> m.memory().id()).toList();
    }

    @Test
    void a_put_update_and_delete_through_a_second_store_show_in_the_next_search_of_the_first() {
        Namespace first = open().namespace(TENANT, "shared");
        Namespace second = open().namespace(TENANT, "shared");
        MemoryId a = first.put(draft("a", 1));
        assertThat(found(first, draft("q", 1).embedding())).as("first search builds the index").containsExactly(a);

        MemoryId b = second.put(draft("b", 2));
        assertThat(found(first, draft("q", 2).embedding())).as("after a put through the second store")
                .containsExactlyInAnyOrder(a, b);

        float[] moved = {-1, 0, 0, 5};
        second.update(b, 1, MemoryDraft.of("b moved").embedding(moved));
        List<Match> top = first.search(Search.vector(moved).topK(1));
        assertThat(top).as("after an update through the second store").singleElement()
                .satisfies(m -> assertThat(m.memory().content()).isEqualTo("b moved"))
                .satisfies(m -> assertThat(m.memory().version()).isEqualTo(2));

        assertThat(second.delete(a)).isTrue();
        assertThat(found(first, draft("q", 1).embedding())).as("after a delete through the second store")
                .containsExactly(b);
    }

    @Test
    void a_memory_that_expires_by_the_store_clock_leaves_reads_and_search_and_is_purged_for_every_index() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        MemoryStore store = open(b -> b.clock(clock));
        MemoryStore other = open(b -> b.clock(clock));
        Namespace ns = store.namespace(TENANT, "expiring");
        Namespace seenElsewhere = other.namespace(TENANT, "expiring");
        MemoryId shortLived = ns.put(draft("short-lived", 1).ttl(Duration.ofMinutes(1)));
        MemoryId kept = ns.put(draft("kept", 2));
        assertThat(found(seenElsewhere, draft("q", 1).embedding())).containsExactlyInAnyOrder(shortLived, kept);

        clock.advance(Duration.ofMinutes(1)); // expiry is at or before now: gone

        assertThat(ns.get(shortLived)).as("get after expiry").isEmpty();
        assertThat(ns.count()).as("count after expiry").isEqualTo(1);
        assertThat(found(ns, draft("q", 1).embedding())).as("search after expiry").containsExactly(kept);
        assertThat(store.purgeExpired()).as("purged").isEqualTo(1);
        assertThat(found(seenElsewhere, draft("q", 1).embedding())).as("the other store's search after the purge")
                .containsExactly(kept);
        assertThat(ns.history(shortLived)).as("the purge is a delete in the history").singleElement()
                .satisfies(v -> assertThat(v.change()).isEqualTo(dev.agentmemory.MemoryVersion.Change.DELETED));
    }
}
