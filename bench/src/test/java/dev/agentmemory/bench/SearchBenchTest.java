package dev.agentmemory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SearchBenchTest {

    /** Unit vectors of Gaussian components; shared with the other bench tests. */
    static float[][] random(Random r, int n, int dim) {
        float[][] out = new float[n][dim];
        for (float[] v : out) {
            for (int d = 0; d < dim; d++) {
                v[d] = (float) r.nextGaussian();
            }
        }
        return Stats.normalised(out);
    }

    @Test
    void the_oracle_returns_the_ten_best_dot_products_best_first() {
        Random r = new Random(1);
        float[][] data = random(r, 500, 8);
        float[][] queries = random(r, 5, 8);
        int[][] truth = SearchBench.groundTruth(data, queries);
        for (int q = 0; q < queries.length; q++) {
            float[] query = queries[q];
            int[] sorted = IntStream.range(0, data.length).boxed()
                    .sorted(Comparator.comparingDouble(i -> -dot(data[i], query))).mapToInt(Integer::intValue)
                    .limit(SearchBench.K).toArray();
            assertThat(truth[q]).containsExactly(sorted);
        }
    }

    @Test
    void the_bench_index_fed_in_chunks_finds_what_the_oracle_finds_with_positions_as_ids() {
        // More rows than one feeding chunk (16,384), so rows of the later chunks must be found too.
        Random r = new Random(2);
        float[][] data = random(r, 40_000, 16);
        float[][] queries = random(r, 10, 16);
        int[][] truth = SearchBench.groundTruth(data, queries);
        try (BenchIndex index = BenchIndex.build(data, 0, 0, 2)) {
            for (int q = 0; q < queries.length; q++) {
                assertThat(Stats.recall(truth[q], index.exact(queries[q], SearchBench.K, false, false),
                        SearchBench.K)).as("query %d", q).isEqualTo(1.0);
                assertThat(Stats.recall(truth[q], index.exact(queries[q], SearchBench.K, false, true),
                        SearchBench.K)).as("query %d, parallel scan", q).isEqualTo(1.0);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
