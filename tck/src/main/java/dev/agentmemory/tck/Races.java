package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.tck.support.Overlap;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe: static methods only. Races that more than one contract runs, on one store or on
 * two instances of one database.
 */
final class Races {
    private Races() {}

    /**
     * Sixteen threads, alternating between {@code one} and {@code other}, put the same content
     * into a new namespace at once, for five rounds or more; each round must leave one row and give
     * every thread the same id, and some round must have had several threads inside
     * {@code put} together.
     *
     * @throws AssertionError if a round stored two rows or gave two ids, or no put overlapped another
     */
    static void sameContentFromSixteenThreads(StoreFixture fixture, MemoryStore one, MemoryStore other, int dim) {
        Overlap overlap = new Overlap();
        // At least five rounds; more (up to forty) while no two puts were inside put together,
        // which a very fast engine may need before the threads really meet.
        for (int round = 0; round < 5 || (overlap.most() < 2 && round < 40); round++) {
            String tenant = fixture.newTenant();
            String name = fixture.uniqueName("race");
            String content = "the same note, round " + round;
            Set<MemoryId> ids = ConcurrentHashMap.newKeySet();
            Workers.run("same-content", 16, Duration.ofSeconds(60), worker -> {
                MemoryStore s = worker % 2 == 0 ? one : other;
                ids.add(overlap.during(() -> s.namespace(tenant, name).put(fixture.draft(content, dim))));
            });
            assertThat(ids).as("ids returned in round %d", round).hasSize(1);
            assertThat(one.namespace(tenant, name).count()).as("rows in round %d", round).isEqualTo(1);
            assertThat(other.namespace(tenant, name).count()).as("rows in round %d, other store", round).isEqualTo(1);
        }
        assertThat(overlap.most()).as("threads inside put at once (puts grouped: %d)",
                one.stats().groupedPuts() + (one == other ? 0 : other.stats().groupedPuts())).isGreaterThanOrEqualTo(2);
    }
}
