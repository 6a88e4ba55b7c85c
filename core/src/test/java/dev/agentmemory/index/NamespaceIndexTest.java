package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Search;
import dev.agentmemory.ValidationException;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.FeedPosition;
import dev.agentmemory.spi.StoredMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The freshness protocol of {@link NamespaceIndex}, over a change feed kept in memory. */
class NamespaceIndexTest {

    /**
     * A namespace's rows and tombstones with their seq, as a database keeps them, and a count of
     * the calls the index makes.
     */
    private static final class Rows implements ChangeFeed {
        final Map<MemoryId, StoredMemory> live = new LinkedHashMap<>();
        final Map<MemoryId, Long> tombstones = new LinkedHashMap<>();
        long seq;
        /** The namespace row's incarnation; 0 while it does not exist, below 0 to use the SPI's default. */
        long incarnation = 1;
        int counterReads;
        int changeReads;

        /** What an erasure does: rows gone without tombstones, the counter advanced, another incarnation. */
        void erase() {
            live.clear();
            tombstones.clear();
            seq++;
            incarnation++;
        }

        /** The namespace row deleted and created again: the counter starts over, the incarnation is new. */
        void recreate(long newIncarnation) {
            live.clear();
            tombstones.clear();
            seq = 0;
            incarnation = newIncarnation;
        }

        @Override
        public FeedPosition position(String tenant, String namespace) {
            if (incarnation < 0) {
                return ChangeFeed.super.position(tenant, namespace);
            }
            counterReads++;
            return new FeedPosition(incarnation, seq);
        }

        MemoryId put(float... v) {
            MemoryId id = MemoryId.generate();
            put(id, v);
            return id;
        }

        void put(MemoryId id, float... v) {
            tombstones.remove(id);
            live.put(id, new StoredMemory(new Memory(id, "t", "n", "c", v, Metadata.empty(), Instant.EPOCH,
                    Instant.EPOCH, 1), ++seq));
        }

        /** What a search reads its candidates' memories from. */
        List<Memory> find(Collection<MemoryId> ids) {
            return ids.stream().filter(live::containsKey).map(id -> live.get(id).memory()).toList();
        }

        void delete(MemoryId id) {
            live.remove(id);
            tombstones.put(id, ++seq);
        }

        @Override
        public long currentSequence(String tenant, String namespace) {
            counterReads++;
            return seq;
        }

        @Override
        public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
            changeReads++;
            List<StoredMemory> upserts = new ArrayList<>();
            live.values().stream().filter(r -> r.seq() > afterSeq).forEach(upserts::add);
            List<MemoryId> deletions = new ArrayList<>();
            if (afterSeq > 0) {
                tombstones.forEach((id, s) -> {
                    if (s > afterSeq) {
                        deletions.add(id);
                    }
                });
            }
            return incarnation < 0 ? new ChangeBatch(seq, upserts, deletions)
                    : new ChangeBatch(seq, upserts, deletions, incarnation);
        }
    }

    private static List<MemoryId> ids(List<Match> matches) {
        return matches.stream().map(m -> m.memory().id()).toList();
    }

    private static List<MemoryId> searchAll(NamespaceIndex index, Rows rows) {
        return ids(index.search(Search.vector(new float[] {1, 0}).topK(10), 0, null, rows::find));
    }

    @Test
    void a_refresh_reads_only_the_counter_until_the_database_is_ahead_then_applies_puts_and_deletes() {
        Rows rows = new Rows();
        MemoryId a = rows.put(1, 0);
        MemoryId b = rows.put(0.5f, 0.5f);
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);

        index.refresh(rows);
        assertThat(rows.changeReads).isEqualTo(1);
        assertThat(searchAll(index, rows)).containsExactly(a, b);

        index.refresh(rows);
        index.refresh(rows);
        assertThat(rows.changeReads).as("nothing changed: the counter alone is read").isEqualTo(1);
        assertThat(rows.counterReads).as("once before the load's pages, then once per refresh").isEqualTo(3);

        MemoryId c = rows.put(0.9f, 0.1f);
        rows.delete(a);
        rows.put(b, 0, 1); // moved away from the query
        index.refresh(rows);
        assertThat(rows.changeReads).isEqualTo(2);
        assertThat(searchAll(index, rows)).containsExactly(c, b);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void an_erasure_that_leaves_no_tombstone_empties_the_index_through_the_incarnation() {
        Rows rows = new Rows();
        MemoryId a = rows.put(1, 0);
        MemoryId b = rows.put(0.5f, 0.5f);
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        index.refresh(rows);
        assertThat(searchAll(index, rows)).containsExactly(a, b);

        rows.erase();
        MemoryId c = rows.put(0.9f, 0.1f);
        MemoryId d = rows.put(0.1f, 0.9f);
        index.refresh(rows);
        assertThat(searchAll(index, rows)).as("a and b were erased: no tombstone says so, the incarnation does")
                .containsExactly(c, d);

        // The row deleted and created again, its counter past the index's watermark once more.
        rows.recreate(0);
        index.refresh(rows);
        assertThat(searchAll(index, rows)).as("the namespace is gone").isEmpty();
        rows.recreate(77);
        MemoryId[] fresh = new MemoryId[5];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = rows.put(1, i);
        }
        index.refresh(rows);
        assertThat(searchAll(index, rows)).containsExactlyInAnyOrder(fresh);
        assertThat(index.size()).isEqualTo(5);
    }

    @Test
    void without_incarnations_a_counter_that_went_back_still_empties_the_index() {
        Rows rows = new Rows();
        rows.incarnation = -1; // the SPI's default position: the counter alone
        MemoryId a = rows.put(1, 0);
        rows.put(0.5f, 0.5f);
        rows.put(0.2f, 0.8f);
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        index.refresh(rows);
        assertThat(searchAll(index, rows)).hasSize(3).contains(a);

        rows.live.clear();
        rows.seq = 0;
        MemoryId b = rows.put(1, 0); // counter 1, below the index's watermark of 3
        index.refresh(rows);
        assertThat(searchAll(index, rows)).containsExactly(b);
    }

    @Test
    void a_catch_up_inside_a_transaction_leaves_out_the_transactions_own_rows_until_they_commit() {
        Rows rows = new Rows();
        MemoryId committed = rows.put(1, 0);
        long committedSeq = rows.seq;
        MemoryId own = rows.put(1, 0.1f); // written by the transaction, not committed yet
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);

        index.catchUp(rows, committedSeq);
        assertThat(searchAll(index, rows)).containsExactly(committed);

        index.refresh(rows); // after the commit
        assertThat(searchAll(index, rows)).containsExactly(committed, own);
    }

    @Test
    void with_a_staleness_bound_the_counter_is_not_read_again_until_this_store_writes() {
        Rows rows = new Rows();
        rows.put(1, 0);
        IndexSettings s = new IndexSettings(Integer.MAX_VALUE, 16, 100, 64, Integer.MAX_VALUE, 60_000_000_000L);
        NamespaceIndex index = new NamespaceIndex("t", "n", s, null);

        index.refresh(rows, 7);
        int reads = rows.counterReads + rows.changeReads;
        MemoryId other = rows.put(1, 0.2f); // another instance wrote: within the bound, unseen
        index.refresh(rows, 7);
        assertThat(rows.counterReads + rows.changeReads).isEqualTo(reads);
        assertThat(searchAll(index, rows)).doesNotContain(other);

        index.refresh(rows, 8); // this store wrote since: the bound no longer holds
        assertThat(searchAll(index, rows)).contains(other);

        int counterReads = rows.counterReads;
        index.refresh(rows, -1); // an unknown epoch never trusts the last check
        assertThat(rows.counterReads).isEqualTo(counterReads + 1);
    }

    @Test
    void a_query_of_another_dimension_fails_with_both_dimensions_named() {
        Rows rows = new Rows();
        rows.put(1, 0);
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        index.refresh(rows);

        assertThatThrownBy(() -> index.search(Search.vector(new float[] {1, 0, 0}).topK(1), 0, null, rows::find))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("query vector has 3 dimensions, the namespace holds 2")
                .satisfies(e -> assertThat(((ValidationException) e).code()).isEqualTo(ErrorCode.DIMENSION_MISMATCH));
    }

    @Test
    void a_stored_row_of_another_dimension_fails_the_refresh_naming_the_memory_and_namespace() {
        Rows rows = new Rows();
        rows.put(1, 0);
        MemoryId bad = rows.put(1, 0, 0);
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);

        assertThatThrownBy(() -> index.refresh(rows))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("memory " + bad + " in t/n has 3 dimensions, the index holds 2");
    }

    @Test
    @Timeout(30)
    void a_burst_of_refreshes_behind_one_change_reads_the_changes_once() throws Exception {
        Rows rows = new Rows();
        rows.put(1, 0);
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        index.refresh(rows);
        MemoryId written = rows.put(1, 0.3f);

        int threads = 8;
        AtomicInteger counterReads = new AtomicInteger();
        AtomicInteger changeReads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        // The first thread to read the changes holds the refresh lock until every thread has
        // found the counter ahead of the watermark, so the others are all waiting on that lock.
        ChangeFeed held = new ChangeFeed() {
            @Override
            public long currentSequence(String tenant, String namespace) {
                counterReads.incrementAndGet();
                return rows.currentSequence(tenant, namespace);
            }

            @Override
            public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
                changeReads.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return rows.changesSince(tenant, namespace, afterSeq);
            }
        };
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    index.refresh(held);
                    assertThat(searchAll(index, rows)).contains(written);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        while (counterReads.get() < threads) {
            Thread.sleep(1);
        }
        release.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(20));
        }
        if (failure.get() != null) {
            throw new AssertionError("a refreshing thread failed", failure.get());
        }
        assertThat(counterReads.get()).as("every thread saw the database ahead").isEqualTo(threads);
        assertThat(changeReads.get()).as("the waiting threads found the changes applied").isEqualTo(1);
    }

    @Test
    void a_counter_read_before_another_refresh_moved_the_watermark_is_not_taken_for_a_reset() {
        Rows rows = new Rows();
        MemoryId first = rows.put(1, 0);
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        index.refresh(rows);
        MemoryId second = rows.put(1, 0.1f);
        AtomicInteger positionReads = new AtomicInteger();
        AtomicInteger changeReads = new AtomicInteger();
        // This refresh reads the counter (2); before it takes the refresh lock, another thread's
        // refresh applies a later write (3). The counter it read is now below the watermark,
        // which is also what a namespace deleted and created again looks like.
        ChangeFeed late = new ChangeFeed() {
            @Override
            public FeedPosition position(String tenant, String namespace) {
                FeedPosition read = rows.position(tenant, namespace);
                if (positionReads.incrementAndGet() == 1) {
                    rows.put(1, 0.2f);
                    index.refresh(rows);
                }
                return read;
            }

            @Override
            public long currentSequence(String tenant, String namespace) {
                return position(tenant, namespace).sequence();
            }

            @Override
            public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
                changeReads.incrementAndGet();
                return rows.changesSince(tenant, namespace, afterSeq);
            }
        };
        index.refresh(late);
        assertThat(positionReads.get()).as("the counter read again under the lock, after the other refresh")
                .isEqualTo(2);
        assertThat(changeReads.get()).as("nothing read again: the index already holds more than the late read saw")
                .isZero();
        assertThat(searchAll(index, rows)).contains(first, second).hasSize(3);
    }

    @Test
    void a_candidate_the_database_no_longer_returns_gives_its_place_to_the_next_ones() {
        Rows rows = new Rows();
        List<MemoryId> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(rows.put(1, i / 100f)); // ranked by i: the first ones are nearest to (1, 0)
        }
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        index.refresh(rows);
        // Deleted after the refresh: the index still ranks them, the database no longer has them.
        List<MemoryId> gone = ids.subList(0, 15);
        AtomicInteger reads = new AtomicInteger();
        List<Match> top = index.search(Search.vector(new float[] {1, 0}).topK(10), 0, null, asked -> {
            reads.incrementAndGet();
            return rows.find(asked).stream().filter(m -> !gone.contains(m.id())).toList();
        });
        assertThat(ids(top)).containsExactlyElementsOf(ids.subList(15, 25));
        assertThat(reads.get()).as("12 candidates, then 24, then 48: three rounds").isEqualTo(3);

        AtomicInteger oneRead = new AtomicInteger();
        index.search(Search.vector(new float[] {1, 0}).topK(10), 0, null, asked -> {
            oneRead.incrementAndGet();
            assertThat(asked).as("topK and two spare").hasSize(12);
            return rows.find(asked);
        });
        assertThat(oneRead.get()).as("nothing deleted: one read per search").isEqualTo(1);
    }

    @Test
    void the_rows_a_search_read_answer_the_next_search_until_a_write_changes_them() {
        Rows rows = new Rows();
        for (int i = 0; i < 20; i++) {
            rows.put(1, i / 100f);
        }
        NamespaceIndex index = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        index.refresh(rows);
        AtomicInteger reads = new AtomicInteger();
        NamespaceIndex.RowSource counting = asked -> {
            reads.incrementAndGet();
            return rows.find(asked);
        };
        Search top = Search.vector(new float[] {1, 0}).topK(10);
        List<Match> first = index.search(top, 0, null, counting);
        List<Match> second = index.search(top, 0, null, counting);
        assertThat(reads.get()).as("the second search found every candidate in the row cache").isEqualTo(1);
        assertThat(second).extracting(Match::memory).as("with its embedding back from the index")
                .containsExactlyElementsOf(first.stream().map(Match::memory).toList());

        // An update that keeps the clock still: only the version tells the rows apart.
        MemoryId changed = first.get(3).memory().id();
        Memory before = rows.live.get(changed).memory();
        rows.live.put(changed, new StoredMemory(new Memory(changed, "t", "n", "changed", before.embedding(),
                Metadata.empty(), Instant.EPOCH, Instant.EPOCH, 2), ++rows.seq));
        index.refresh(rows);
        List<Match> third = index.search(top, 0, null, counting);
        assertThat(reads.get()).as("the changed memory is read again").isEqualTo(2);
        assertThat(third.get(3).memory().content()).isEqualTo("changed");
        assertThat(third.get(3).memory().version()).isEqualTo(2);

        NamespaceIndex uncached = new NamespaceIndex("t", "n", new IndexSettings(Integer.MAX_VALUE, 16, 100, 64,
                Integer.MAX_VALUE, 0, 0, Integer.MAX_VALUE, 4), null);
        uncached.refresh(rows);
        reads.set(0);
        uncached.search(top, 0, null, counting);
        uncached.search(top, 0, null, counting);
        assertThat(reads.get()).as("without a row cache every search reads its candidates").isEqualTo(2);
    }

    @Test
    void a_first_load_past_the_byte_limit_stops_and_the_streamed_scan_returns_what_a_resident_index_returns() {
        Rows rows = new Rows();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2_500; i++) { // three pages of a load
            rows.put((float) random.nextGaussian(), (float) random.nextGaussian());
        }
        List<Boolean> loads = new ArrayList<>();
        NamespaceIndex small = new NamespaceIndex("t", "n", IndexSettings.EXACT, null, 50_000,
                (idx, complete, nanos) -> loads.add(complete));
        assertThat(small.refresh(rows)).as("2,500 memories weigh more than 50 kB").isFalse();
        assertThat(small.size()).isZero();
        assertThat(small.refresh(rows)).as("an outgrown index does not load again").isFalse();
        assertThat(loads).containsExactly(false);
        assertThat(rows.changeReads).as("the load stopped at its first page").isEqualTo(1);

        NamespaceIndex whole = new NamespaceIndex("t", "n", IndexSettings.EXACT, null, Long.MAX_VALUE,
                (idx, complete, nanos) -> loads.add(complete));
        assertThat(whole.refresh(rows)).isTrue();
        assertThat(loads).containsExactly(false, true);
        assertThat(whole.size()).isEqualTo(2_500);
        assertThat(whole.weight()).isGreaterThan(50_000);
        for (int q = 0; q < 20; q++) {
            Search s = Search.vector(new float[] {(float) random.nextGaussian(), (float) random.nextGaussian()})
                    .topK(7);
            StreamedScan.Result streamed = new StreamedScan("t", "n").search(rows, Long.MAX_VALUE, s, 0, null);
            assertThat(streamed.streamed()).isEqualTo(2_500);
            assertThat(ids(streamed.matches())).isEqualTo(ids(whole.search(s, 0, null, rows::find)));
        }
    }
}
