package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.tck.support.SearchOracle;
import dev.agentmemory.tck.support.TestData;
import dev.agentmemory.tck.support.WordHashEmbedder;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test (the workers it starts are its own): the
 * capability "a second store opened from the same configuration is the same database", which
 * files and servers have and private in-memory databases do not. A backend whose test class
 * implements this promises that every store {@link #storeConfig} describes in one test, open
 * at the same time or one after another, addresses one database.
 *
 * <p>The tests: freshness of the search index when another instance writes, no update lost
 * between two instances, exact deduplication across instances, and durability across close
 * and reopen (including a call in flight at close).
 */
public interface SecondInstanceContract extends StoreFixture {
    /** The vector dimension of this area's memories. */
    int DIM = 24;

    /**
     * Opens another store on this test's database.
     *
     * @throws dev.agentmemory.MemoryStoreException if the backend cannot open it
     */
    default MemoryStore secondStore() {
        return openStore();
    }

    @Test
    default void a_write_through_another_instance_is_seen_by_the_next_keyword_and_hybrid_search() {
        WordHashEmbedder embedder = new WordHashEmbedder(DIM);
        MemoryStore a = openStore(b -> b.embedder(embedder));
        MemoryStore b = secondStore();
        String tenant = newTenant();
        Namespace onA = a.namespace(tenant, "shared-words");
        Namespace onB = b.namespace(tenant, "shared-words");
        MemoryId first = onA.put(MemoryDraft.of("first note about parsnips")
                .embedding(embedder.embed("first note about parsnips")));
        assertThat(onA.search(Search.keyword("parsnips"))).hasSize(1);

        MemoryId second = onB.put(MemoryDraft.of("second note about parsnips")
                .embedding(embedder.embed("second note about parsnips")));
        assertThat(onA.search(Search.keyword("parsnips"))).extracting(m -> m.memory().id())
                .containsExactlyInAnyOrder(first, second);
        assertThat(onA.search(Search.text("parsnips second"))).extracting(m -> m.memory().id()).first()
                .isEqualTo(second);
        assertThat(onB.delete(first)).isTrue();
        onB.update(second, 1, MemoryDraft.of("second note about turnips").embedding(vector(DIM)));
        assertThat(onA.search(Search.keyword("parsnips"))).isEmpty();
        assertThat(onA.search(Search.keyword("turnips"))).extracting(m -> m.memory().id()).containsExactly(second);
    }

    @Test
    default void a_write_through_another_instance_is_seen_by_the_next_search() {
        MemoryStore a = store();
        MemoryStore b = secondStore();
        String tenant = newTenant();
        Namespace onA = a.namespace(tenant, "shared");
        Namespace onB = b.namespace(tenant, "shared");
        onA.putAll(data().drafts("a", 40, DIM));
        assertThat(onA.search(Search.vector(vector(DIM)))).as("A's index is loaded").hasSize(10);

        for (int i = 0; i < 10; i++) {
            float[] v = vector(DIM);
            MemoryId id = onB.put(MemoryDraft.of("from b").embedding(v));
            List<Match> hits = onA.search(Search.vector(v).topK(1));
            assertThat(hits).extracting(m -> m.memory().id()).as("put %d through B, searched on A", i).containsExactly(id);

            float[] moved = vector(DIM);
            onB.update(id, 1, MemoryDraft.of("moved by b").embedding(moved));
            assertThat(onA.search(Search.vector(moved).topK(1)).get(0).memory().version())
                    .as("update %d through B, searched on A", i).isEqualTo(2);

            onB.delete(id);
            assertThat(onA.search(Search.vector(moved).topK(100))).as("delete %d through B, searched on A", i)
                    .noneMatch(m -> m.memory().id().equals(id));
        }
        assertThat(onA.count()).isEqualTo(40);
        Search search = Search.vector(vector(DIM)).topK(15);
        SearchOracle.assertExact(onA.search(search), listAll(onB), search, "A after B's writes, " + seedInfo());
        assertThat(b.search(tenant, List.of("shared"), search)).isEqualTo(a.search(tenant, List.of("shared"), search));
    }

    @Test
    default void erasure_through_one_instance_empties_the_search_index_of_another() {
        MemoryStore a = store();
        MemoryStore b = secondStore();
        String tenant = newTenant();
        Namespace onA = a.namespace(tenant, "shared");
        Namespace onB = b.namespace(tenant, "shared");
        Search all = Search.vector(vector(DIM)).topK(200);
        List<MemoryId> first = onA.putAll(data().drafts("first ", 30, DIM));
        assertThat(onB.search(all)).as("B's index is loaded").hasSize(30);

        onA.erase(first.get(0));
        assertThat(onB.search(all)).as("B after A erased one memory").hasSize(29)
                .noneMatch(m -> m.memory().id().equals(first.get(0)));

        // Erased, then filled again past B's watermark: a counter check alone would read only the
        // new rows above it and keep the erased ones (there is no tombstone to drop them).
        a.eraseNamespace(tenant, "shared");
        List<MemoryId> second = onA.putAll(data().drafts("second ", 40, DIM));
        assertThat(onB.search(all)).extracting(m -> m.memory().id()).as("B after A erased and refilled the"
                + " namespace").containsExactlyInAnyOrderElementsOf(second);

        a.eraseTenant(tenant);
        assertThat(onB.search(all)).as("B after A erased the tenant").isEmpty();
        assertThat(b.search(tenant, List.of("shared", "other"), all)).isEmpty();
        List<MemoryId> third = onA.putAll(data().drafts("third ", 40, DIM));
        assertThat(onB.search(all)).extracting(m -> m.memory().id()).as("B after A erased the tenant and wrote"
                + " as many memories as before").containsExactlyInAnyOrderElementsOf(third);
    }

    @Test
    default void two_store_instances_on_one_database_lose_no_update() {
        MemoryStore a = store();
        MemoryStore b = secondStore();
        String tenant = newTenant();
        MemoryId counter = a.namespace(tenant, "shared").put(MemoryDraft.of("counter").embedding(vector(DIM)).metadata("count", 0L));
        Map<MemoryId, float[]> written = new ConcurrentHashMap<>();
        AtomicLong increments = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        long seed = data().random().nextLong();

        // Rounds repeat (up to ten) until increments through the two instances really collided:
        // a very fast engine may finish each before the next starts.
        for (int round = 0; round == 0 || (conflicts.get() == 0 && round < 10); round++) {
            long roundSeed = seed + 1_000L * round;
            runTwoInstanceRound(a, b, tenant, counter, written, increments, conflicts, roundSeed);
        }

        String evidence = written.size() + " puts, " + increments.get() + " increments, " + conflicts.get()
                + " conflicts retried; " + seedInfo();
        assertThat(conflicts.get()).as("version conflicts between increments through the two instances; " + evidence)
                .isPositive();
        for (MemoryStore s : List.of(a, b)) {
            Namespace ns = s.namespace(tenant, "shared");
            Memory c = ns.get(counter).orElseThrow();
            assertThat(c.metadata().getLong("count")).as("no lost increment; " + evidence).contains(increments.get());
            assertThat(ns.count()).as(evidence).isEqualTo(written.size() + 1L);
            long unfound = written.entrySet().stream().filter(e -> {
                List<Match> hits = ns.search(Search.vector(e.getValue()).topK(1));
                return hits.isEmpty() || !hits.get(0).memory().id().equals(e.getKey());
            }).count();
            assertThat(unfound).as("writes not found by search on %s; %s", s == a ? "A" : "B", evidence).isZero();
        }
    }

    /** One round of {@link #two_store_instances_on_one_database_lose_no_update}: 16 threads, half on each instance. */
    private void runTwoInstanceRound(MemoryStore a, MemoryStore b, String tenant, MemoryId counter,
            Map<MemoryId, float[]> written, AtomicLong increments, AtomicLong conflicts, long seed) {
        Workers.run("two-instances", 16, Duration.ofSeconds(90), worker -> {
            TestData data = new TestData(new Random(seed + worker));
            Namespace mine = (worker % 2 == 0 ? a : b).namespace(tenant, "shared");
            Namespace theirs = (worker % 2 == 0 ? b : a).namespace(tenant, "shared");
            for (int i = 0; i < 25; i++) {
                float[] v = data.vector(DIM);
                MemoryId id = mine.put(MemoryDraft.of("s" + seed + " w" + worker + "-" + i).embedding(v));
                written.put(id, v);
                List<Match> hits = theirs.search(Search.vector(v).topK(1));
                assertThat(hits).as("a put through one instance, searched on the other").isNotEmpty();
                assertThat(hits.get(0).memory().id()).as("a put through one instance, searched on the other")
                        .isEqualTo(id);
                while (true) {
                    Memory c = mine.get(counter).orElseThrow();
                    try {
                        mine.update(counter, c.version(), c.toDraft().metadata("count", c.metadata().getLong("count").orElseThrow() + 1));
                        increments.incrementAndGet();
                        break;
                    } catch (VersionConflictException e) {
                        conflicts.incrementAndGet();
                    }
                }
            }
        });

    }
    @Test
    default void data_survives_close_and_reopen() {
        MemoryStore first = openStore();
        String tenant = newTenant();
        Namespace ns = first.namespace(tenant, "durable");
        ns.putAll(data().drafts("d", 20, DIM));
        MemoryId updated = listAll(ns).get(3).id();
        ns.update(updated, 1, MemoryDraft.of("updated").embedding(vector(DIM)).metadata("k", 1));
        ns.delete(listAll(ns).get(5).id());
        var before = listAll(ns);
        first.close();

        Namespace again = secondStore().namespace(tenant, "durable");

        assertThat(listAll(again)).containsExactlyElementsOf(before);
        assertThat(again.search(Search.vector(before.get(3).embedding()).topK(1)).get(0).memory())
                .isEqualTo(before.get(3));
    }

    @Test
    default void sixteen_threads_on_two_instances_putting_the_same_content_get_one_row_and_the_same_id() {
        Races.sameContentFromSixteenThreads(this, store(), secondStore(), DIM);
    }

    @Test
    default void a_call_in_flight_when_close_starts_is_seen_by_the_next_instance() throws Exception {
        MemoryStore first = openStore(b -> b.closeTimeout(Duration.ofSeconds(30)));
        String tenant = newTenant();
        first.namespace(tenant, "inflight").put(draft("before", DIM));

        MemoryId id = InFlightClose.putWhileClosing(first, tenant, "inflight", draft("written while closing", DIM));

        Namespace reopened = secondStore().namespace(tenant, "inflight");
        assertThat(reopened.get(id)).map(Memory::content).contains("written while closing");
        assertThat(reopened.count()).isEqualTo(2);
    }
}
