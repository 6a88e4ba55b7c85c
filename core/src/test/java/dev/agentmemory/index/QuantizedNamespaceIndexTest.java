package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Metric;
import dev.agentmemory.Search;
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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A namespace index past its quantization threshold, against a float index of the same rows:
 * the same results and scores, through puts, updates and deletes, at a quarter of the weight.
 */
class QuantizedNamespaceIndexTest {
    private static final int DIM = 32;
    private static final IndexSettings QUANTIZED = IndexSettings.EXACT.quantized(100, 4);

    /** A namespace's live rows and tombstones with their seq, as a database keeps them. */
    private static final class Rows implements ChangeFeed {
        final Map<MemoryId, StoredMemory> live = new LinkedHashMap<>();
        final Map<MemoryId, Long> tombstones = new LinkedHashMap<>();
        long seq;

        MemoryId put(MemoryId id, float[] v, long group) {
            tombstones.remove(id);
            StoredMemory before = live.get(id);
            long version = before == null ? 1 : before.memory().version() + 1;
            live.put(id, new StoredMemory(new Memory(id, "t", "n", "memory " + id, v, Metadata.of(Map.of("g", group)),
                    Instant.EPOCH, Instant.EPOCH, version), ++seq));
            return id;
        }

        void delete(MemoryId id) {
            live.remove(id);
            tombstones.put(id, ++seq);
        }

        List<Memory> find(Collection<MemoryId> ids) {
            return ids.stream().filter(live::containsKey).map(id -> live.get(id).memory()).toList();
        }

        @Override
        public FeedPosition position(String tenant, String namespace) {
            return new FeedPosition(1, seq);
        }

        @Override
        public long currentSequence(String tenant, String namespace) {
            return seq;
        }

        @Override
        public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
            List<StoredMemory> upserts = live.values().stream().filter(r -> r.seq() > afterSeq).toList();
            List<MemoryId> deletions = new ArrayList<>();
            if (afterSeq > 0) {
                tombstones.forEach((id, s) -> {
                    if (s > afterSeq) {
                        deletions.add(id);
                    }
                });
            }
            return new ChangeBatch(seq, upserts, deletions, 1);
        }
    }

    @Test
    void past_the_threshold_the_index_keeps_codes_and_returns_what_the_float_index_returns_through_changes() {
        Random random = new Random(13);
        Rows rows = new Rows();
        List<MemoryId> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(rows.put(MemoryId.generate(), gaussian(random), i % 3));
        }
        NamespaceIndex quantized = new NamespaceIndex("t", "n", QUANTIZED, null);
        NamespaceIndex floats = new NamespaceIndex("t", "n", IndexSettings.EXACT, null);
        refresh(rows, quantized, floats);
        assertThat(quantized.isQuantized()).as("60 vectors, below the threshold of 100").isFalse();
        assertSame(rows, quantized, floats, random, "below the threshold");

        for (int i = 60; i < 400; i++) {
            ids.add(rows.put(MemoryId.generate(), gaussian(random), i % 3));
        }
        refresh(rows, quantized, floats);
        assertThat(quantized.isQuantized()).as("400 vectors").isTrue();
        assertThat(floats.isQuantized()).isFalse();
        // Vector 128 + norm 4 bytes a slot as floats against 32 + 20 as codes, beside 60 of both.
        assertThat(quantized.bytes()).as("the codes weigh less than the floats").isLessThan(floats.bytes() * 2 / 3);
        assertSame(rows, quantized, floats, random, "quantized");

        for (int i = 0; i < 100; i++) {
            rows.delete(ids.get(i));
        }
        for (int i = 100; i < 160; i++) {
            rows.put(ids.get(i), gaussian(random), 7); // moved, and into another group
        }
        for (int i = 0; i < 50; i++) {
            rows.put(MemoryId.generate(), gaussian(random), i % 3);
        }
        refresh(rows, quantized, floats);
        assertThat(quantized.size()).isEqualTo(350);
        assertSame(rows, quantized, floats, random, "after deletes, updates and puts");
    }

    private static void refresh(Rows rows, NamespaceIndex... indexes) {
        for (NamespaceIndex index : indexes) {
            assertThat(index.refresh(rows)).isTrue();
        }
    }

    private static void assertSame(Rows rows, NamespaceIndex quantized, NamespaceIndex floats, Random random,
            String when) {
        for (int q = 0; q < 30; q++) {
            Metric metric = Metric.values()[q % Metric.values().length];
            Search s = Search.vector(gaussian(random)).topK(1 + q % 12).metric(metric);
            if (q % 4 == 3) {
                s = s.where(Filter.eq("g", (long) (q % 3)));
            }
            List<Match> expected = floats.search(s, 0, null, rows::find);
            List<Match> actual = quantized.search(s, 0, null, rows::find);
            assertThat(ids(actual)).as("%s, query %d (%s)", when, q, metric).isEqualTo(ids(expected));
            for (int i = 0; i < actual.size(); i++) {
                assertThat(actual.get(i).score()).as("%s, query %d, rank %d: the exact score", when, q, i)
                        .isEqualTo(expected.get(i).score());
                assertThat(actual.get(i).memory()).isEqualTo(expected.get(i).memory());
            }
        }
    }

    private static List<MemoryId> ids(List<Match> matches) {
        return matches.stream().map(m -> m.memory().id()).toList();
    }

    private static float[] gaussian(Random random) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
