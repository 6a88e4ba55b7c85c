package dev.agentmemory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Metric;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactScanTest {

    @Test
    void a_chunked_parallel_scan_equals_the_single_threaded_one() {
        Random random = new Random(11);
        int dim = 37;
        try (ScanPool pool = new ScanPool(4, "test")) {
            for (int n : new int[] {1, 5, 1023, 1024, 1025, 5000, 20_011}) {
                float[] vectors = new float[n * dim];
                float[] norms = new float[n];
                long[] expires = new long[n];
                IndexedRow[] rows = new IndexedRow[n];
                for (int i = 0; i < n; i++) {
                    for (int d = 0; d < dim; d++) {
                        vectors[i * dim + d] = (float) random.nextGaussian();
                    }
                    norms[i] = VectorMath.norm(vectors, i * dim, dim);
                    // Some free slots, some expired rows.
                    expires[i] = i % 17 == 0 ? Long.MIN_VALUE : i % 13 == 0 ? 5 : Long.MAX_VALUE;
                    rows[i] = new IndexedRow(MemoryId.generate(), "c" + i, Metadata.of(Map.of("p", i % 3)),
                            Instant.EPOCH, Instant.EPOCH, 0, 0, 1, null);
                }
                float[] q = new float[dim];
                for (int d = 0; d < dim; d++) {
                    q[d] = (float) random.nextGaussian();
                }
                for (Metric metric : Metric.values()) {
                    for (Filter filter : new Filter[] {null, Filter.eq("p", 1)}) {
                        ExactScan scan = new ExactScan(vectors, norms, expires, rows, dim, q, metric, -1e9, 10, filter,
                                null, 10, VectorMath.KERNEL);
                        TopK single = scan.scan(0, n);
                        TopK parallel = scan.scan(n, pool, 1);
                        int[] a = single.slotsBestFirst();
                        double[] as = single.scoresBestFirst();
                        int[] b = parallel.slotsBestFirst();
                        double[] bs = parallel.scoresBestFirst();
                        assertThat(b).as("n=%d %s %s", n, metric, filter).containsExactly(a);
                        assertThat(bs).containsExactly(as);
                        for (int slot : a) {
                            assertThat(expires[slot]).isGreaterThan(10);
                        }
                    }
                }
            }
        }
    }
}
