package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreStats;
import dev.agentmemory.tck.support.SearchOracle;
import dev.agentmemory.tck.support.TestData;
import dev.agentmemory.tck.support.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test (the workers it starts are its own): the
 * search index as a cache bounded in bytes. A backend's test class that implements it runs the
 * whole {@link ConcurrencyContract} again on stores whose index budget is {@link #indexBudget()}
 * (about the largest namespace of that area, the mixed-operations one, at 600 to 700 kB with its
 * metadata), and the checks below, each with a budget of its own: eviction and reload agree with
 * an exact search of the database, eviction while searches and writes of the same namespaces
 * are in flight loses nothing, and a namespace larger than the budget is searched exactly by
 * streaming. Each asserts that what it is about happened (evictions, reloads, streaming).
 */
public interface BoundedIndexContract extends ConcurrencyContract {
    /** The index budget of every store this area opens unless a test sets its own: 1 MiB. */
    long BUDGET = 1024 * 1024;

    /** The index budget of this area's stores. */
    default long indexBudget() {
        return BUDGET;
    }

    @Test
    default void namespaces_evicted_and_reloaded_return_what_an_exact_search_of_the_database_returns() {
        // Twelve namespaces of about 16 kB of index each (half of it metadata), in a budget of about one.
        MemoryStore store = openStore(b -> b.indexBudget(20_000));
        String tenant = newTenant();
        List<Namespace> spaces = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            Namespace ns = store.namespace(tenant, uniqueName("ns"));
            List<MemoryDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                drafts.add(MemoryDraft.of("n" + n + "-" + i).embedding(vector(DIM)).metadata("g", (long) (i % 4)));
            }
            ns.putAll(drafts);
            spaces.add(ns);
        }
        for (int round = 0; round < 3; round++) {
            for (Namespace ns : spaces) {
                Search s = Search.vector(vector(DIM)).topK(5);
                Search filtered = Search.vector(vector(DIM)).topK(5).where(Filter.eq("g", 2L));
                List<Memory> all = listAll(ns);
                SearchOracle.assertExact(ns.search(s), all, s, ns.name() + " round " + round + " " + seedInfo());
                SearchOracle.assertExact(ns.search(filtered), all, filtered, ns.name() + " filtered " + seedInfo());
            }
        }
        StoreStats.IndexStats stats = store.stats().index();
        assertThat(stats.evictions()).as("twelve namespaces in a budget of one were evicted").isPositive();
        assertThat(stats.loads()).as("evicted namespaces were loaded again").isGreaterThan(12);
        assertThat(stats.residentBytes()).as("resident indexes within the budget").isLessThanOrEqualTo(20_000);
        assertThat(stats.streamedSearches()).as("each namespace fits the budget alone").isZero();
    }

    @Test
    default void eviction_while_searches_and_writes_of_the_same_namespaces_are_in_flight_loses_nothing() {
        // Six namespaces that grow to about 15 kB each, in a budget of about one and a half.
        MemoryStore store = openStore(b -> b.indexBudget(24_000));
        String tenant = newTenant();
        List<Namespace> spaces = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            spaces.add(store.namespace(tenant, uniqueName("ns")));
        }
        Map<MemoryId, float[]> live = new ConcurrentHashMap<>();
        Map<MemoryId, Namespace> home = new ConcurrentHashMap<>();
        Set<MemoryId> deleted = ConcurrentHashMap.newKeySet();
        long seed = data().random().nextLong();

        Workers.run("evict", 16, TIMEOUT, worker -> {
            TestData data = new TestData(new Random(seed + worker));
            Random r = data.random();
            List<MemoryId> mine = new ArrayList<>();
            for (int op = 0; op < 60; op++) {
                Namespace ns = spaces.get(r.nextInt(spaces.size()));
                int dice = r.nextInt(10);
                if (dice < 5 || mine.isEmpty()) {
                    float[] v = data.vector(DIM);
                    MemoryId id = ns.put(MemoryDraft.of("w" + worker + "-" + op).embedding(v));
                    live.put(id, v);
                    home.put(id, ns);
                    mine.add(id);
                } else if (dice < 6) {
                    MemoryId gone = mine.remove(r.nextInt(mine.size()));
                    assertThat(home.get(gone).delete(gone)).isTrue();
                    live.remove(gone);
                    deleted.add(gone);
                } else {
                    // Read your writes through an index that may have been evicted meanwhile.
                    MemoryId id = mine.get(r.nextInt(mine.size()));
                    // Deleted and acknowledged before the search began (other workers delete meanwhile).
                    Set<MemoryId> goneBefore = Set.copyOf(deleted);
                    List<Match> top = home.get(id).search(Search.vector(live.get(id)).topK(3));
                    assertThat(top).as("worker %d finds its own memory %s; %s", worker, id, seedInfo()).isNotEmpty();
                    assertThat(top.get(0).memory().id()).as("its own vector is its nearest; %s", seedInfo())
                            .isEqualTo(id);
                    for (Match m : top) {
                        assertThat(goneBefore).as("a memory deleted before the search is never returned")
                                .doesNotContain(m.memory().id());
                    }
                }
            }
        });

        for (Map.Entry<MemoryId, float[]> e : live.entrySet()) {
            List<Match> top = home.get(e.getKey()).search(Search.vector(e.getValue()).topK(1));
            assertThat(top).as("every acknowledged put is found; %s", seedInfo()).isNotEmpty();
            assertThat(top.get(0).memory().id()).isEqualTo(e.getKey());
        }
        for (Namespace ns : spaces) {
            for (Match m : ns.search(Search.vector(vector(DIM)).topK(50))) {
                assertThat(deleted).doesNotContain(m.memory().id());
            }
        }
        StoreStats.IndexStats stats = store.stats().index();
        assertThat(stats.evictions()).as("the race happened: indexes were evicted while in use").isPositive();
        assertThat(stats.residentBytes()).isLessThanOrEqualTo(24_000);
    }

    @Test
    default void a_namespace_larger_than_the_budget_is_streamed_and_searched_exactly() {
        // 2,200 memories (three pages of a load) of about 200 bytes of index each, in 100 kB.
        MemoryStore store = openStore(b -> b.indexBudget(100_000));
        Namespace ns = newNamespace(store);
        List<MemoryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 2_200; i++) {
            drafts.add(MemoryDraft.of("m" + i).embedding(vector(DIM)).metadata("g", (long) (i % 7)));
            if (drafts.size() == 500) {
                ns.putAll(drafts);
                drafts.clear();
            }
        }
        ns.putAll(drafts);
        List<Memory> all = listAll(ns);
        Search s = Search.vector(vector(DIM)).topK(10);
        Search filtered = Search.vector(vector(DIM)).topK(10).where(Filter.eq("g", 3L));
        SearchOracle.assertExact(ns.search(s), all, s, "streamed " + seedInfo());
        SearchOracle.assertExact(ns.search(filtered), all, filtered, "streamed, filtered " + seedInfo());

        MemoryId best = ns.search(s).get(0).memory().id();
        assertThat(ns.delete(best)).isTrue();
        assertThat(ns.search(s)).extracting(m -> m.memory().id()).as("a deleted memory is not streamed")
                .doesNotContain(best).hasSize(10);

        StoreStats.IndexStats stats = store.stats().index();
        assertThat(stats.streamedSearches()).as("the namespace was streamed").isGreaterThanOrEqualTo(4);
        assertThat(stats.streamedNamespaces()).isEqualTo(1);
        assertThat(stats.residentBytes()).as("nothing of it stayed resident").isLessThanOrEqualTo(100_000);
        assertThat(store.stats().indexedVectors()).isZero();
    }
    @Test
    default void a_search_returns_each_memory_as_a_get_does_after_updates_that_keep_the_clock_still() {
        // The clock stands still, so an update changes the version but not the update time: the
        // search must still see that a row it read (and kept) earlier is not the current one.
        MemoryStore store = clockedStore();
        Namespace ns = store.namespace(newTenant(), uniqueName("as-get"));
        List<MemoryDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            drafts.add(MemoryDraft.of("memory " + i).embedding(vector(DIM)).metadata("i", (long) i));
        }
        List<MemoryId> ids = ns.putAll(drafts);
        MemoryId target = ids.get(7);
        float[] near = ns.get(target).orElseThrow().embedding();
        for (int round = 0; round < 2; round++) { // the second round finds the rows the first one read
            assertSameAsGet(ns, ns.search(Search.vector(near).topK(10)), "round " + round);
        }

        Memory before = ns.get(target).orElseThrow();
        Memory renamed = ns.update(target, before.version(), before.toDraft().content("renamed").metadata("i", 99L));
        List<Match> afterRename = ns.search(Search.vector(near).topK(10));
        assertThat(afterRename.get(0).memory()).as("the update's content, metadata and version; %s", seedInfo())
                .isEqualTo(renamed);
        assertSameAsGet(ns, afterRename, "after an update of the content");

        float[] moved = vector(DIM);
        Memory remade = ns.update(target, renamed.version(), renamed.toDraft().embedding(moved));
        List<Match> afterMove = ns.search(Search.vector(moved).topK(10));
        assertThat(afterMove.get(0).memory()).as("the update's new embedding; %s", seedInfo()).isEqualTo(remade);
        assertSameAsGet(ns, afterMove, "after an update of the embedding");

        assertThat(ns.delete(target)).isTrue();
        List<Match> afterDelete = ns.search(Search.vector(moved).topK(10));
        assertThat(afterDelete).extracting(m -> m.memory().id()).as("deleted; %s", seedInfo()).doesNotContain(target);
        assertSameAsGet(ns, afterDelete, "after a delete");
    }

    @Test
    default void quantized_namespaces_evicted_and_reloaded_through_changes_return_what_an_exact_search_returns() {
        // Eight namespaces of 80 memories past a quantization threshold of 50, about 18 kB of
        // index each as codes, in a budget of about two: searched in rounds with deletes, moved
        // embeddings and new memories between them.
        MemoryStore store = openStore(b -> b.quantization(50, 4).indexBudget(40_000));
        String tenant = newTenant();
        List<Namespace> spaces = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            Namespace ns = store.namespace(tenant, uniqueName("q"));
            List<MemoryDraft> drafts = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                drafts.add(MemoryDraft.of("q" + n + "-" + i).embedding(vector(DIM)).metadata("g", (long) (i % 4)));
            }
            ns.putAll(drafts);
            spaces.add(ns);
        }
        for (int round = 0; round < 3; round++) {
            for (Namespace ns : spaces) {
                Search s = Search.vector(vector(DIM)).topK(10);
                Search filtered = Search.vector(vector(DIM)).topK(5).where(Filter.eq("g", 1L));
                List<Memory> all = listAll(ns);
                SearchOracle.assertExact(ns.search(s), all, s, ns.name() + " round " + round + " " + seedInfo());
                SearchOracle.assertExact(ns.search(filtered), all, filtered, ns.name() + " filtered " + seedInfo());
                for (int i = 0; i < 4; i++) {
                    ns.delete(all.get(i).id());
                    Memory moved = all.get(10 + i);
                    ns.update(moved.id(), moved.version(), moved.toDraft().embedding(vector(DIM)));
                    ns.put(MemoryDraft.of("new " + round + "-" + i).embedding(vector(DIM)).metadata("g", 1L));
                }
            }
        }
        StoreStats.IndexStats stats = store.stats().index();
        assertThat(stats.evictions()).as("eight namespaces in a budget of about two were evicted").isPositive();
        assertThat(stats.loads()).as("evicted namespaces were loaded again").isGreaterThan(8);
        assertThat(stats.streamedSearches()).as("each namespace fits the budget alone").isZero();

        // One namespace of the same memories resident alone in a store of its own, quantized and
        // as floats (a store of its own, as a backend's stores may be private databases): the
        // codes weigh less.
        List<MemoryDraft> same = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            same.add(MemoryDraft.of("alone-" + i).embedding(vector(DIM)));
        }
        long[] resident = new long[2];
        for (int q = 0; q < 2; q++) {
            MemoryStore alone = q == 0 ? openStore(b -> b.quantization(50, 4))
                    : openStore(b -> b.quantization(dev.agentmemory.StoreConfig.Quantization.OFF));
            Namespace ns = alone.namespace(tenant, uniqueName("alone"));
            ns.putAll(same);
            Search s = Search.vector(vector(DIM)).topK(10);
            SearchOracle.assertExact(ns.search(s), listAll(ns), s, "alone " + q + " " + seedInfo());
            resident[q] = alone.stats().index().residentBytes();
        }
        assertThat(resident[0]).as("quantized %s, floats %s", resident[0], resident[1]).isLessThan(resident[1]);
    }

    private static void assertSameAsGet(Namespace ns, List<Match> matches, String when) {
        assertThat(matches).as(when).hasSize(10);
        for (Match m : matches) {
            Memory got = ns.get(m.memory().id()).orElseThrow();
            assertThat(m.memory()).as("%s: the match %s is the memory a get returns, embedding included", when,
                    m.memory().id()).isEqualTo(got);
        }
    }
}
