package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Metric;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactScanTest {

    @Test
    void a_chunked_parallel_scan_equals_the_single_threaded_one_and_a_full_sort() {
        Random random = new Random(11);
        int dim = 37;
        try (ScanPool pool = new ScanPool(4, "test")) {
            for (int n : new int[] {1, 5, 1023, 1024, 1025, 5000, 20_011}) {
                SlotStore store = new SlotStore("t/n");
                List<MemoryId> freed = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    float[] v = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        v[d] = (float) random.nextGaussian();
                    }
                    // Some expired rows (at 5 micros), and below some free slots.
                    Instant expiresAt = i % 13 == 0 ? Instant.EPOCH.plus(5, ChronoUnit.MICROS) : null;
                    MemoryId id = MemoryId.generate();
                    store.put(new IndexedRow(id, Metadata.of(Map.of("p", i % 3)), 0, 0,
                            expiresAt == null ? Long.MAX_VALUE : FilterEvaluator.micros(expiresAt)), v);
                    if (i % 17 == 0) {
                        freed.add(id);
                    }
                }
                freed.forEach(store::remove);
                assertThat(store.end()).isEqualTo(n);
                assertThat(store.live()).isEqualTo(n - freed.size());
                float[] q = new float[dim];
                for (int d = 0; d < dim; d++) {
                    q[d] = (float) random.nextGaussian();
                }
                for (Metric metric : Metric.values()) {
                    for (Filter filter : new Filter[] {null, Filter.eq("p", 1)}) {
                        FloatVectorScorer scorer = FloatVectorScorer.of(store, q, metric, VectorKernels.preferred());
                        ExactScan scan = new ExactScan(store, scorer, filter, null, 10, -1e9, 10);
                        TopK single = scan.scan(0, n);
                        TopK parallel = scan.scan(n, pool, 1);
                        int[] a = single.slotsBestFirst();
                        double[] as = single.scoresBestFirst();
                        int[] b = parallel.slotsBestFirst();
                        double[] bs = parallel.scoresBestFirst();
                        assertThat(b).as("n=%d %s %s", n, metric, filter).containsExactly(a);
                        assertThat(bs).containsExactly(as);
                        assertThat(a).containsExactly(bestByFullSort(store, scorer, filter, 10));
                        for (int slot : a) {
                            assertThat(store.expires()[slot]).isGreaterThan(10);
                        }
                    }
                }
            }
        }
    }

    /** The oracle: every live, unexpired, matching slot scored and sorted (score, then id). */
    private static int[] bestByFullSort(SlotStore store, VectorScorer scorer, Filter filter, int k) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < store.end(); i++) {
            IndexedRow r = store.row(i);
            if (r != null && store.expires()[i] > 10 && (filter == null
                    || FilterEvaluator.matches(filter, r.metadata(), r.createdMicros(), r.updatedMicros()))) {
                slots.add(i);
            }
        }
        slots.sort(Comparator.<Integer>comparingDouble(i -> -scorer.score(i)).thenComparing(i -> store.row(i).id()));
        return slots.stream().limit(k).mapToInt(Integer::intValue).toArray();
    }
}
