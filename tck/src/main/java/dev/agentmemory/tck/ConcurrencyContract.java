package dev.agentmemory.tck;

import static org.assertj.core.api.Assertions.assertThat;
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
import dev.agentmemory.tck.support.Overlap;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
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
 * of successful increments, and no worker saw an unexpected error. Multi-namespace search, the
 * first writes to a new namespace, group commit of single puts and optimistic updates from one
 * version are raced too. Each race also asserts that it happened: conflicts were retried,
 * searches ran between writes, puts overlapped, puts were grouped, one update won.
 */
public interface ConcurrencyContract extends StoreFixture {
    /** Workers per test. */
    int THREADS = 32;
    /** Operations per worker. */
    int OPS = 150;
    /** The vector dimension of this area's memories. */
    int DIM = 32;
    Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    default void mixed_operations_from_many_threads_lose_nothing() {
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
        assertThat(conflicts.get()).as("increments that lost a race for the counter and retried: the race happened; "
                + evidence).isPositive();
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
    default void multi_namespace_search_under_concurrent_writes() {
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
        AtomicLong searchesBetweenWrites = new AtomicLong();
        long totalWrites = (long) (THREADS / 4) * (OPS / 2);

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
                    long writesSoFar = writes.get();
                    if (writesSoFar > 0 && writesSoFar < totalWrites) {
                        searchesBetweenWrites.incrementAndGet();
                    }
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

        String evidence = searches.get() + " searches, " + writes.get() + " writes, " + searchesBetweenWrites.get()
                + " searches started after the first write and before the last; " + seedInfo();
        assertThat(searches.get() + writes.get()).as(evidence).isEqualTo((long) (THREADS / 2) * (OPS / 2));
        assertThat(writes.get()).as(evidence).isEqualTo(totalWrites);
        assertThat(searchesBetweenWrites.get()).as("searches racing the writes; " + evidence).isPositive();
        List<Memory> all = new ArrayList<>();
        names.forEach(name -> all.addAll(listAll(store.namespace(tenant, name))));
        Search search = Search.vector(vector(DIM)).topK(25);
        SearchOracle.assertExact(store.search(tenant, names, search), all, search, "after the writers, " + evidence);
    }

    /**
     * Sixteen threads, half with vectors of 4 dimensions and half of 5, write to a new
     * namespace at once: the first commit fixes its dimension and every put of the other is
     * refused. The first puts of the threads must have been in flight together; rounds (each on
     * a new namespace) repeat until they were, at most ten.
     */
    @Test
    default void racing_first_writes_fix_one_dimension_for_a_new_namespace() {
        Overlap firstPuts = new Overlap();
        for (int round = 0; round < 10 && firstPuts.most() < 2; round++) {
            firstWriteRound(data().random().nextLong(), firstPuts);
        }
        assertThat(firstPuts.most()).as("first puts in flight together: the race happened").isGreaterThanOrEqualTo(2);
    }

    private void firstWriteRound(long seed, Overlap firstPuts) {
        Namespace ns = newNamespace();
        Map<Integer, AtomicLong> stored = Map.of(4, new AtomicLong(), 5, new AtomicLong());
        Map<Integer, AtomicLong> refused = Map.of(4, new AtomicLong(), 5, new AtomicLong());
        CyclicBarrier ready = new CyclicBarrier(16);

        Workers.run("first-write", 16, TIMEOUT, worker -> {
            TestData data = new TestData(new Random(seed + worker));
            int dim = 4 + worker % 2;
            ready.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                MemoryDraft draft = data.plainDraft("dim " + dim + " from worker " + worker + " #" + i, dim);
                try {
                    if (i == 0) {
                        firstPuts.during(() -> ns.put(draft));
                    } else {
                        ns.put(draft);
                    }
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
        String evidence = "stored " + stored + ", refused " + refused + ", at most " + firstPuts.most()
                + " first puts at once so far";
        assertThat(all).as(evidence).allSatisfy(m -> assertThat(m.dimension()).isEqualTo(dim));
        assertThat(stored.get(dim).get()).as(evidence).isEqualTo(40);
        assertThat(stored.get(other).get()).as(evidence).isZero();
        assertThat(refused.get(other).get()).as(evidence).isEqualTo(40);
        assertThat(all).as(evidence).hasSize(40);
    }

    /**
     * Single puts that arrive while another is being written are committed with it (group
     * commit). Each must be stored as written, and the store's {@code groupedPuts} must show
     * that some were in fact written together; rounds repeat until some were (at most ten).
     */
    @Test
    default void single_puts_from_many_threads_are_committed_in_groups_and_each_is_stored() {
        MemoryStore store = store();
        Namespace ns = newNamespace(store);
        Map<MemoryId, float[]> written = new ConcurrentHashMap<>();
        long seed = data().random().nextLong();
        int rounds = 0;
        do {
            int round = rounds++;
            Workers.run("group-commit", 16, TIMEOUT, worker -> {
                TestData data = new TestData(new Random(seed + 100L * round + worker));
                for (int i = 0; i < 20; i++) {
                    float[] v = data.vector(DIM);
                    MemoryId id = ns.put(MemoryDraft.of("round " + round + " worker " + worker + " #" + i).embedding(v));
                    assertThat(written.put(id, v)).as("a fresh id for every put").isNull();
                }
            });
        } while (store.stats().groupedPuts() == 0 && rounds < 10);

        long grouped = store.stats().groupedPuts();
        assertThat(grouped).as("puts written in one transaction with another, in %d rounds of 320", rounds).isPositive();
        assertThat(ns.count()).isEqualTo(320L * rounds);
        long wrong = written.entrySet().stream()
                .filter(e -> !java.util.Arrays.equals(ns.get(e.getKey()).orElseThrow().embedding(), e.getValue())).count();
        assertThat(wrong).as("puts not stored as written (%d grouped)", grouped).isZero();
    }

    /**
     * Single updates, deletes by id and conversation appends from sixteen threads at once are
     * committed in groups too (group commit), each with its own outcome: every update is stored
     * at the next version with its content, every delete removed its memory, every stale update
     * got its own version conflict while the writes grouped with it committed, and every append
     * is in its conversation. The store's {@code groupedWrites} must show that at least two were
     * written together; rounds repeat until they were (at most ten).
     */
    @Test
    default void updates_deletes_and_appends_from_many_threads_are_committed_in_groups_each_with_its_own_outcome() {
        MemoryStore store = store();
        Namespace ns = newNamespace(store);
        int threads = 16;
        int each = 9;
        AtomicLong conflicts = new AtomicLong();
        Map<MemoryId, String> updated = new ConcurrentHashMap<>();
        Set<MemoryId> deleted = ConcurrentHashMap.newKeySet();
        List<String> sessions = new ArrayList<>();
        int rounds = 0;
        do {
            int round = rounds++;
            List<MemoryDraft> drafts = new ArrayList<>();
            for (int i = 0; i < threads * each; i++) {
                drafts.add(MemoryDraft.of("round " + round + " memory " + i).embedding(vector(DIM)));
            }
            List<MemoryId> ids = ns.putAll(drafts);
            String session = uniqueName("chat");
            sessions.add(session);
            Workers.run("grouped-writes", threads, TIMEOUT, worker -> {
                for (int i = 0; i < each; i++) {
                    MemoryId id = ids.get(worker * each + i);
                    switch (i % 3) {
                        case 0 -> {
                            assertThat(ns.delete(id)).as("delete of %s", id).isTrue();
                            deleted.add(id);
                        }
                        case 1 -> {
                            String content = "updated by " + worker + " #" + i;
                            assertThat(ns.update(id, 1, MemoryDraft.of(content).embedding(vector(DIM))).version())
                                    .isEqualTo(2);
                            updated.put(id, content);
                            try {
                                ns.update(id, 1, MemoryDraft.of("stale " + content).embedding(vector(DIM)));
                                throw new AssertionError("a stale update of " + id + " was accepted");
                            } catch (VersionConflictException e) {
                                assertThat(e.actualVersion()).isEqualTo(2);
                                conflicts.incrementAndGet();
                            }
                        }
                        default -> store.conversation(ns.tenant(), session).append("user", worker + " #" + i);
                    }
                }
            });
        } while (store.stats().groupedWrites() < 2 && rounds < 10);

        long grouped = store.stats().groupedWrites();
        String evidence = grouped + " updates, deletes and appends written with others in " + rounds + " rounds";
        assertThat(grouped).as(evidence).isGreaterThanOrEqualTo(2);
        assertThat(conflicts.get()).as(evidence).isEqualTo((long) threads * 3 * rounds);
        for (MemoryId id : deleted) {
            assertThat(ns.get(id)).as("deleted %s (%s)", id, evidence).isEmpty();
        }
        updated.forEach((id, content) -> {
            Memory m = ns.get(id).orElseThrow();
            assertThat(m.content()).as(evidence).isEqualTo(content);
            assertThat(m.version()).as(evidence).isEqualTo(2);
        });
        assertThat(ns.count()).as(evidence).isEqualTo((long) threads * 6 * rounds);
        for (String session : sessions) {
            assertThat(store.conversation(ns.tenant(), session).size()).as(evidence).isEqualTo(threads * 3L);
        }
    }

    /**
     * Sixteen threads read one memory at the same version, wait for each other, then all update
     * from that version: exactly one wins, every other one gets a version conflict naming the
     * version it lost to, and the winner's write is the one stored.
     */
    @Test
    default void updates_racing_from_one_version_let_exactly_one_win() {
        Namespace ns = newNamespace();
        int threads = 16;
        for (int round = 0; round < 3; round++) {
            MemoryId id = ns.put(MemoryDraft.of("contested " + round).embedding(vector(DIM)));
            CyclicBarrier allRead = new CyclicBarrier(threads);
            Set<String> winners = ConcurrentHashMap.newKeySet();
            AtomicLong conflicts = new AtomicLong();
            Workers.run("version-race", threads, TIMEOUT, worker -> {
                Memory read = ns.get(id).orElseThrow();
                allRead.await(30, TimeUnit.SECONDS);
                String content = "written by " + worker;
                try {
                    ns.update(id, read.version(), read.toDraft().content(content));
                    winners.add(content);
                } catch (VersionConflictException e) {
                    assertThat(e.expectedVersion()).isEqualTo(1);
                    assertThat(e.actualVersion()).isEqualTo(2);
                    conflicts.incrementAndGet();
                }
            });
            assertThat(winners).as("round %d: updates from version 1 that won", round).hasSize(1);
            assertThat(conflicts.get()).as("round %d: updates that lost the race", round).isEqualTo(threads - 1);
            Memory stored = ns.get(id).orElseThrow();
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.content()).isEqualTo(winners.iterator().next());
        }
    }
}
