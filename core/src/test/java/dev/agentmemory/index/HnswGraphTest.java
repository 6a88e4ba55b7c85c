package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Search;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.StoredMemory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Objects;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The HNSW path of {@link NamespaceIndex}, fed change batches as a storage engine would. */
class HnswGraphTest {
    private static final int DIM = 24;
    private final Random random = new Random(5);
    private long seq;

    private float[] randomVector() {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    private StoredMemory row(MemoryId id, float[] v, int group) {
        return new StoredMemory(new Memory(id, "t", "n", "c", v, Metadata.of(Map.of("g", group)), Instant.EPOCH,
                Instant.EPOCH, 1), ++seq);
    }

    /** A feed that has exactly one batch of changes. */
    private static ChangeFeed feed(ChangeBatch batch) {
        return new ChangeFeed() {
            @Override
            public long currentSequence(String tenant, String namespace) {
                return batch.sequence();
            }

            @Override
            public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
                return batch;
            }
        };
    }

    /** The database: what a search reads its candidates' memories from. */
    private final Map<MemoryId, Memory> db = new HashMap<>();

    private List<Memory> find(Collection<MemoryId> ids) {
        return ids.stream().map(db::get).filter(Objects::nonNull).toList();
    }

    private void apply(NamespaceIndex index, List<StoredMemory> upserts, List<MemoryId> deletions) {
        deletions.forEach(db::remove);
        upserts.forEach(r -> db.put(r.memory().id(), r.memory()));
        ChangeBatch batch = new ChangeBatch(seq, upserts, deletions);
        index.catchUp(feed(batch), seq);
    }

    private static NamespaceIndex index(boolean graph) {
        IndexSettings s = new IndexSettings(graph ? 100 : Integer.MAX_VALUE, 12, 80, 40, Integer.MAX_VALUE, 0);
        return new NamespaceIndex("t", "n", s, null);
    }

    @Test
    void recall_at_10_on_random_data_is_high_and_deletes_and_updates_are_honoured() {
        NamespaceIndex hnsw = index(true);
        NamespaceIndex exact = index(false);
        List<StoredMemory> rows = new ArrayList<>();
        List<MemoryId> ids = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            MemoryId id = MemoryId.generate();
            ids.add(id);
            rows.add(row(id, randomVector(), i % 10));
        }
        apply(hnsw, rows, List.of());
        apply(exact, rows, List.of());
        assertThat(hnsw.hasGraph()).isTrue();
        assertThat(recall(hnsw, exact, null)).isGreaterThan(0.9);

        // Delete a third, move another third: deleted ones never come back, moved ones are found at their new place.
        List<MemoryId> deleted = ids.subList(0, 1000);
        List<StoredMemory> moved = new ArrayList<>();
        for (int i = 1000; i < 2000; i++) {
            moved.add(row(ids.get(i), randomVector(), i % 10));
        }
        apply(hnsw, moved, deleted);
        apply(exact, moved, deleted);
        Set<MemoryId> gone = new HashSet<>(deleted);
        for (int i = 0; i < 50; i++) {
            for (Match m : hnsw.search(Search.vector(randomVector()).topK(10), 0, null, this::find)) {
                assertThat(gone).doesNotContain(m.memory().id());
            }
        }
        for (int i = 0; i < 50; i++) {
            StoredMemory target = moved.get(i);
            List<Match> top = hnsw.search(Search.vector(target.memory().embedding()).topK(1), 0, null, this::find);
            assertThat(top.get(0).memory().id()).isEqualTo(target.memory().id());
        }
        assertThat(recall(hnsw, exact, null)).isGreaterThan(0.85);
        // A selective filter (one group in ten) still gets topK results.
        assertThat(recall(hnsw, exact, Filter.eq("g", 3))).isGreaterThan(0.85);
        List<Match> filtered = hnsw.search(Search.vector(randomVector()).topK(10).where(Filter.eq("g", 3)), 0, null,
                this::find);
        assertThat(filtered).hasSize(10).allMatch(m -> m.memory().metadata().asMap().get("g").equals(3L)
                || m.memory().metadata().asMap().get("g").equals(3));
        // Reused slots: new memories after deletes are found.
        List<StoredMemory> fresh = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fresh.add(row(MemoryId.generate(), randomVector(), 1));
        }
        apply(hnsw, fresh, List.of());
        for (int i = 0; i < 50; i++) {
            StoredMemory target = fresh.get(i);
            assertThat(hnsw.search(Search.vector(target.memory().embedding()).topK(1), 0, null, this::find).get(0)
                    .memory().id())
                    .isEqualTo(target.memory().id());
        }
    }

    private double recall(NamespaceIndex hnsw, NamespaceIndex exact, Filter filter) {
        int hits = 0;
        int total = 0;
        for (int i = 0; i < 100; i++) {
            Search s = Search.vector(randomVector()).topK(10);
            if (filter != null) {
                s = s.where(filter);
            }
            Set<MemoryId> truth = new HashSet<>();
            exact.search(s, 0, null, this::find).forEach(m -> truth.add(m.memory().id()));
            for (Match m : hnsw.search(s, 0, null, this::find)) {
                if (truth.contains(m.memory().id())) {
                    hits++;
                }
            }
            total += truth.size();
        }
        return (double) hits / total;
    }
}
