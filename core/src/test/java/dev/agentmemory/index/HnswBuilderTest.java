package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The graph's building blocks used directly, as the benchmarks use them. */
class HnswBuilderTest {
    private static final int DIM = 16;

    @Test
    void the_same_slots_in_the_same_order_give_the_same_graph_built_at_once_or_one_by_one() {
        Random random = new Random(3);
        SlotStore store = new SlotStore("t/n");
        HnswBuilder incremental = new HnswBuilder(new HnswGraph(8), store, 40, VectorKernels.preferred());
        for (int i = 0; i < 2000; i++) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) random.nextGaussian();
            }
            int slot = store.put(IndexedRow.bare(MemoryId.generate()), v);
            incremental.insert(slot);
        }
        HnswBuilder atOnce = HnswBuilder.build(store, 8, 40, VectorKernels.preferred());
        assertThat(atOnce.graph().nodes()).isEqualTo(2000);
        assertThat(atOnce.graph().linkBytes()).isEqualTo(incremental.graph().linkBytes());

        int exactHits = 0;
        for (int round = 0; round < 50; round++) {
            float[] q = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                q[d] = (float) random.nextGaussian();
            }
            float qn = VectorKernels.norm(q, 0, DIM);
            int[] a = atOnce.searcher().search(q, qn, 32, null, Integer.MAX_VALUE);
            int[] b = incremental.searcher().search(q, qn, 32, null, Integer.MAX_VALUE);
            assertThat(a).hasSize(32).containsExactly(b);
            TopK truth = new ExactScan(store, FloatVectorScorer.of(store, q, dev.agentmemory.Metric.COSINE,
                    VectorKernels.preferred()), null, null, 0, -1, 1).scan(0, store.end());
            if (a[0] == truth.slotsBestFirst()[0]) {
                exactHits++;
            }
        }
        // Recall@1 of a 2000-node graph with ef=32 in 16 dimensions is near 1; a broken graph is far below.
        assertThat(exactHits).isGreaterThanOrEqualTo(45);
    }
}
