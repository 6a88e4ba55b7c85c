package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.VersionConflictException;
import dev.agentmemory.tck.support.SearchOracle;
import dev.agentmemory.tck.support.TestData;
import dev.agentmemory.tck.support.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Confined to the JUnit thread that runs the test (the workers it starts are its own): the
 * concurrency contract, by brute force.
 *
 * <p>32 workers (half on new threads, half on an executor the store never saw) start together
 * and mix put, get, update, delete, list and search; a shared counter is incremented by all of
 * them with read-modify-write and retry. Afterwards nothing is lost: every acknowledged put not
 * deleted is readable and found by search with its own vector, the counter equals the number
 * of successful increments, and no worker saw an unexpected error. Multi-namespace search and
 * the first writes to a new namespace are raced too.
 */
public abstract class ConcurrencyContract extends EmbedderAndAsyncContract {
    /** Workers per test. */
    protected static final int THREADS = 32;
    /** Operations per worker. */
    protected static final int OPS = 150;
    private static final int DIM = 32;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void mixed_operations_from_many_threads_lose_nothing() {
        Namespace ns = newNamespace();
        MemoryId counter = ns.put(MemoryDraft.of("counter").embedding(vector(DIM)).metadata("count", 0L));
        Map<MemoryId, float[]> live = new ConcurrentHashMap<>();
        Set<MemoryId> deleted = ConcurrentHashMap.newKeySet();
        AtomicLong increments = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLong operations = new AtomicLong();
        long seed = data().random().nextLong();

        Workers.run("mixed", THREADS, TIMEOUT, worker -> {
            TestData data = new TestData(new Random(seed + worker));
            Random r = data.random();
            Map<MemoryId, float[]> mine = new HashMap<>();
            List<MemoryId> mineIds = new ArrayList<>();
            for (int op = 0; op < OPS; op++) {
                int dice = r.nextInt(100);
                if (dice < 35 || mineIds.isEmpty()) {
                    float[] v = data.vector(DIM);
                    MemoryId id = ns.put(MemoryDraft.of("w" + worker + "-" + op).embedding(v).metadata("worker", worker));
                    mine.put(id, v);
                    mineIds.add(id);
                } else if (dice < 50) {
                    MemoryId id = data.pick(mineIds);
                    Memory m = ns.get(id).orElseThrow(() -> new AssertionError("own memory " + id + " not readable"));
                    assertThat(m.embedding()).as("own memory %s", id).containsExactly(mine.get(id));
                } else if (dice < 60) {
                    MemoryId id = data.pick(mineIds);
                    Memory m = ns.get(id).orElseThrow();
                    float[] v = data.vector(DIM);
                    Memory written = ns.update(id, m.version(), m.toDraft().embedding(v));
                    assertThat(written.version()).isEqualTo(m.version() + 1);
                    mine.put(id, v);
                } else if (dice < 70) {
                    while (true) {
                        Memory c = ns.get(counter).orElseThrow();
                        long count = c.metadata().getLong("count").orElseThrow();
                        try {
                            ns.update(counter, c.version(), c.toDraft().metadata("count", count + 1));
                            increments.incrementAndGet();
                            break;
                        } catch (VersionConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                } else if (dice < 78) {
                    MemoryId id = mineIds.remove(r.nextInt(mineIds.size()));
                    assertThat(ns.delete(id)).as("delete of own live memory %s", id).isTrue();
                    mine.remove(id);
                    deleted.add(id);
                } else if (dice < 85) {
                    Page<Memory> page = ns.list(ListQuery.first(20));
                    assertThat(ids(page.items())).doesNotHaveDuplicates().isSorted();
                } else {
                    MemoryId id = data.pick(mineIds);
                    List<Match> hits = ns.search(Search.vector(mine.get(id)).topK(3));
                    assertThat(hits).as("search for own memory %s", id).isNotEmpty();
                    assertThat(hits.get(0).memory().id()).as("search for own memory %s: %s", id, hits).isEqualTo(id);
                    assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
                }
                operations.incrementAndGet();
            }
            live.putAll(mine);
        });

        String evidence = String.format("%d operations, %d live, %d deleted, %d increments, %d version conflicts retried; %s",
                operations.get(), live.size(), deleted.size(), increments.get(), conflicts.get(), seedInfo());
        assertThat(operations.get()).as(evidence).isEqualTo((long) THREADS * OPS);
        Memory c = ns.get(counter).orElseThrow();
        assertThat(c.metadata().getLong("count")).as("no lost increment; " + evidence).contains(increments.get());
        assertThat(c.version()).as(evidence).isEqualTo(1 + increments.get());
        assertThat(ns.count()).as("count; " + evidence).isEqualTo(live.size() + 1L);
        List<MemoryId> expectedIds = new ArrayList<>(live.keySet());
        expectedIds.add(counter);
        assertThat(ids(listAll(ns))).as("list; " + evidence).containsExactlyElementsOf(expectedIds.stream().sorted().toList());
        int unreadable = 0;
        int unfound = 0;
        for (Map.Entry<MemoryId, float[]> e : live.entrySet()) {
            Memory m = ns.get(e.getKey()).orElse(null);
            if (m == null || !java.util.Arrays.equals(m.embedding(), e.getValue())) {
                unreadable++;
            }
            List<Match> hits = ns.search(Search.vector(e.getValue()).topK(1));
            if (hits.isEmpty() || !hits.get(0).memory().id().equals(e.getKey()) || Math.abs(hits.get(0).score() - 1) > 1e-4) {
                unfound++;
            }
        }
        assertThat(unreadable).as("acknowledged writes not readable as written; " + evidence).isZero();
        assertThat(unfound).as("acknowledged writes not found by search with their own vector; " + evidence).isZero();
        assertThat(ns.getAll(deleted)).as("deleted memories stay deleted; " + evidence).isEmpty();
        // The figures a run leaves behind, so a report can quote what was actually checked.
        System.out.printf("[%s] concurrency contract: %d threads, %s; %d acknowledged writes re-read and searched, 0 errors%n",
                getClass().getSimpleName(), THREADS, evidence, live.size());
    }

    @Test
    void multi_namespace_search_under_concurrent_writes() {
        MemoryStore store = store();
        String tenant = newTenant();
        List<String> names = List.of("n0", "n1", "n2", "n3");
        List<Memory> anchors = new ArrayList<>();
        for (String name : names) {
            Namespace ns = store.namespace(tenant, name);
            ns.putAll(data().drafts("anchor-" + name + "-", 30, DIM));
            anchors.addAll(listAll(ns));
        }
        long seed = data().random().nextLong();
        AtomicLong searches = new AtomicLong();
        AtomicLong writes = new AtomicLong();

        Workers.run("fan-out", THREADS / 2, TIMEOUT, worker -> {
            TestData data = new TestData(new Random(seed + worker));
            if (worker % 2 == 0) {
                List<MemoryId> mine = new ArrayList<>();
                Namespace ns = store.namespace(tenant, data.pick(names));
                for (int i = 0; i < OPS / 2; i++) {
                    if (!mine.isEmpty() && data.random().nextInt(4) == 0) {
                        assertThat(ns.delete(mine.remove(0))).isTrue();
                    } else {
                        mine.add(ns.put(data.plainDraft("noise " + worker + "-" + i, DIM)));
                    }
                    writes.incrementAndGet();
                }
            } else {
                for (int i = 0; i < OPS / 2; i++) {
                    Memory anchor = data.pick(anchors);
                    List<Match> hits = store.search(tenant, names, Search.vector(anchor.embedding()).topK(5));
                    assertThat(hits).as("fan-out search for anchor %s", anchor.id()).hasSize(5);
                    assertThat(hits.get(0).memory()).as("the anchor itself is the best match: %s", hits).isEqualTo(anchor);
                    assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-4));
                    assertThat(ids(hits.stream().map(Match::memory).toList())).doesNotHaveDuplicates();
                    for (int j = 1; j < hits.size(); j++) {
                        assertThat(hits.get(j).score()).isLessThanOrEqualTo(hits.get(j - 1).score());
                        assertThat(hits.get(j).memory().tenant()).isEqualTo(tenant);
                    }
                    searches.incrementAndGet();
                }
            }
        });

        String evidence = searches.get() + " searches, " + writes.get() + " writes; " + seedInfo();
        assertThat(searches.get() + writes.get()).as(evidence).isEqualTo((long) (THREADS / 2) * (OPS / 2));
        List<Memory> all = new ArrayList<>();
        names.forEach(name -> all.addAll(listAll(store.namespace(tenant, name))));
        Search search = Search.vector(vector(DIM)).topK(25);
        SearchOracle.assertExact(store.search(tenant, names, search), all, search, "after the writers, " + evidence);
    }

    @Test
    void racing_first_writes_fix_one_dimension_for_a_new_namespace() {
        Namespace ns = newNamespace();
        Map<Integer, AtomicLong> stored = Map.of(4, new AtomicLong(), 5, new AtomicLong());
        Map<Integer, AtomicLong> refused = Map.of(4, new AtomicLong(), 5, new AtomicLong());
        long seed = data().random().nextLong();

        Workers.run("first-write", 16, TIMEOUT, worker -> {
            TestData data = new TestData(new Random(seed + worker));
            int dim = 4 + worker % 2;
            for (int i = 0; i < 5; i++) {
                try {
                    ns.put(data.plainDraft("dim " + dim + " from worker " + worker + " #" + i, dim));
                    stored.get(dim).incrementAndGet();
                } catch (ValidationException e) {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.DIMENSION_MISMATCH);
                    refused.get(dim).incrementAndGet();
                }
            }
        });

        List<Memory> all = listAll(ns);
        int dim = all.get(0).dimension();
        int other = dim == 4 ? 5 : 4;
        String evidence = "stored " + stored + ", refused " + refused;
        assertThat(all).as(evidence).allSatisfy(m -> assertThat(m.dimension()).isEqualTo(dim));
        assertThat(stored.get(dim).get()).as(evidence).isEqualTo(40);
        assertThat(stored.get(other).get()).as(evidence).isZero();
        assertThat(refused.get(other).get()).as(evidence).isEqualTo(40);
        assertThat(all).as(evidence).hasSize(40);
    }

    @Test
    void two_store_instances_on_one_database_lose_no_update() {
        assumeTrue(supportsSecondInstance(), "capability: a second store opened on this test's config is the same database");
        MemoryStore a = store();
        MemoryStore b = openStore();
        String tenant = newTenant();
        MemoryId counter = a.namespace(tenant, "shared").put(MemoryDraft.of("counter").embedding(vector(DIM)).metadata("count", 0L));
        Map<MemoryId, float[]> written = new ConcurrentHashMap<>();
        AtomicLong increments = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        long seed = data().random().nextLong();

        Workers.run("two-instances", 16, TIMEOUT, worker -> {
            TestData data = new TestData(new Random(seed + worker));
            Namespace mine = (worker % 2 == 0 ? a : b).namespace(tenant, "shared");
            Namespace theirs = (worker % 2 == 0 ? b : a).namespace(tenant, "shared");
            for (int i = 0; i < 25; i++) {
                float[] v = data.vector(DIM);
                MemoryId id = mine.put(MemoryDraft.of("w" + worker + "-" + i).embedding(v));
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

        String evidence = written.size() + " puts, " + increments.get() + " increments, " + conflicts.get()
                + " conflicts retried; " + seedInfo();
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
}
