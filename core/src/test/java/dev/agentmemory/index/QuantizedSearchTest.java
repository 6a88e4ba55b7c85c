package dev.agentmemory.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Metric;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuantizedSearchTest {
    private static final Int8Kernel INT8 = Int8Kernels.preferred();
    private static final VectorKernel FLOAT = VectorKernels.preferred();

    /** A store and its codes over {@code vectors}, slot i holding vector i. */
    private record Indexed(SlotStore store, Int8Vectors codes, MemoryId[] ids) {
        static Indexed of(float[][] vectors) {
            SlotStore store = new SlotStore("t/n");
            MemoryId[] ids = new MemoryId[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                ids[i] = MemoryId.generate();
                store.put(Int8VectorsTest.row(ids[i]), vectors[i]);
            }
            return new Indexed(store, Int8Vectors.of(store), ids);
        }

        int[] exact(float[] q, Metric metric, Filter filter, double minScore, int k) {
            return new ExactScan(store, FloatVectorScorer.of(store, q, metric, FLOAT), filter, null, 10, minScore, k)
                    .scan(0, store.end()).slotsBestFirst();
        }

        TopK quantized(float[] q, Metric metric, Filter filter, double minScore, int k, int oversampling) {
            return new QuantizedSearch(store, codes, INT8, oversampling).search(q, metric, filter, null, 10, minScore,
                    k, Rescorer.of(FloatVectorScorer.of(store, q, metric, FLOAT)), null, Integer.MAX_VALUE);
        }

        /** The best k by the codes alone: the first pass with no second. */
        int[] approximate(float[] q, Metric metric, int k) {
            return new ExactScan(store, QuantizedScorer.of(codes, q, metric, INT8), null, null, 10,
                    Double.NEGATIVE_INFINITY, k).scan(0, store.end()).slotsBestFirst();
        }
    }

    private static float[][] gaussian(Random random, int n, int dim) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Int8VectorsTest.gaussian(random, dim, 1);
        }
        return out;
    }

    /** Points around a few centres, as embeddings of related texts are: close neighbours, small score gaps. */
    private static float[][] clustered(Random random, int n, int dim, int clusters, double spread) {
        float[][] centres = gaussian(random, clusters, dim);
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) {
            float[] c = centres[random.nextInt(clusters)];
            for (int d = 0; d < dim; d++) {
                out[i][d] = (float) (c[d] + spread * random.nextGaussian());
            }
        }
        return out;
    }

    private static double recall(int[] expected, int[] got) {
        Set<Integer> want = new HashSet<>();
        for (int s : expected) {
            want.add(s);
        }
        int hit = 0;
        for (int s : got) {
            hit += want.contains(s) ? 1 : 0;
        }
        return expected.length == 0 ? 1 : (double) hit / expected.length;
    }

    @Test
    void approximate_scores_are_close_to_exact_ones_for_every_metric() {
        Random random = new Random(21);
        float[][] data = gaussian(random, 500, 384);
        // Far from the origin and close together: L2 must not lose the distance to cancellation.
        float[][] shifted = clustered(random, 500, 384, 1, 0.05);
        for (float[] v : shifted) {
            for (int d = 0; d < v.length; d++) {
                v[d] += 1000;
            }
        }
        for (float[][] set : new float[][][] {data, shifted}) {
            Indexed ix = Indexed.of(set);
            float[] q = set == data ? Int8VectorsTest.gaussian(random, 384, 1) : shifted[0].clone();
            q[0] += 0.01f;
            // Cosine and dot of vectors at 1000 differ beyond float precision: the float scan cannot rank them.
            for (Metric metric : set == data ? Metric.values() : new Metric[] {Metric.L2}) {
                FloatVectorScorer exact = FloatVectorScorer.of(ix.store(), q, metric, FLOAT);
                QuantizedScorer approximate = QuantizedScorer.of(ix.codes(), q, metric, INT8);
                double worst = 0;
                double spread = 0;
                double first = exact.score(0);
                for (int slot = 0; slot < set.length; slot++) {
                    worst = Math.max(worst, Math.abs(approximate.score(slot) - exact.score(slot)));
                    spread = Math.max(spread, Math.abs(exact.score(slot) - first));
                }
                // The error is a small fraction of how far apart the exact scores are.
                assertThat(worst).as("%s %s", metric, set == data ? "gaussian" : "shifted")
                        .isLessThan(0.05 * spread);
            }
        }
    }

    @Test
    void recall_at_10_against_the_float_scan_on_random_and_clustered_data() {
        Random random = new Random(22);
        float[][][] sets = {gaussian(random, 5000, 384), clustered(random, 5000, 384, 20, 0.3)};
        String[] names = {"gaussian", "clustered"};
        for (int s = 0; s < sets.length; s++) {
            Indexed ix = Indexed.of(sets[s]);
            double rescored = 0;
            double firstPassOnly = 0;
            int queries = 50;
            for (int i = 0; i < queries; i++) {
                float[] q = names[s].equals("gaussian") ? Int8VectorsTest.gaussian(random, 384, 1)
                        : clustered(random, 1, 384, 1, 0.3)[0];
                if (names[s].equals("clustered")) {
                    q = sets[s][random.nextInt(sets[s].length)].clone();
                    q[random.nextInt(384)] += 0.2f;
                }
                int[] exact = ix.exact(q, Metric.COSINE, null, -1, 10);
                TopK top = ix.quantized(q, Metric.COSINE, null, -1, 10, QuantizedSearch.DEFAULT_OVERSAMPLING);
                rescored += recall(exact, top.slotsBestFirst());
                firstPassOnly += recall(exact, ix.approximate(q, Metric.COSINE, 10));
            }
            rescored /= queries;
            firstPassOnly /= queries;
            assertThat(rescored).as("%s recall@10 with rescoring", names[s]).isGreaterThanOrEqualTo(0.99);
            // The codes alone miss some: the second pass is what brings recall up.
            assertThat(firstPassOnly).as("%s recall@10 of the codes alone", names[s]).isLessThan(rescored);
        }
    }

    @Test
    void rescored_results_carry_exact_scores_and_honour_min_score_filter_expiry_and_free_slots() {
        Random random = new Random(23);
        SlotStore store = new SlotStore("t/n");
        MemoryId[] ids = new MemoryId[3000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = MemoryId.generate();
            long expiresMicros = i % 11 == 0 ? 5 : Long.MAX_VALUE;
            store.put(new IndexedRow(ids[i], Metadata.of(Map.of("p", i % 3)), 0, 0, expiresMicros),
                    Int8VectorsTest.gaussian(random, 64, 1));
        }
        Int8Vectors codes = Int8Vectors.of(store);
        for (int i = 0; i < ids.length; i += 13) {
            codes.free(store.remove(ids[i]));
        }
        QuantizedSearch search = new QuantizedSearch(store, codes, INT8, 8);
        for (int round = 0; round < 20; round++) {
            float[] q = Int8VectorsTest.gaussian(random, 64, 1);
            for (Metric metric : Metric.values()) {
                FloatVectorScorer exact = FloatVectorScorer.of(store, q, metric, FLOAT);
                for (Filter filter : new Filter[] {null, Filter.eq("p", 1)}) {
                    TopK all = new ExactScan(store, exact, filter, null, 10, -1e9, 200).scan(0, store.end());
                    int[] ranked = all.slotsBestFirst();
                    double minScore = all.scoresBestFirst()[150]; // cuts the top 10 for some queries below
                    double[] cut = {Double.NEGATIVE_INFINITY, all.scoresBestFirst()[4], minScore};
                    for (double min : cut) {
                        TopK want = new ExactScan(store, exact, filter, null, 10, min, 10).scan(0, store.end());
                        TopK got = search.search(q, metric, filter, null, 10, min, 10, Rescorer.of(exact), null,
                                Integer.MAX_VALUE);
                        int[] wantSlots = want.slotsBestFirst();
                        int[] gotSlots = got.slotsBestFirst();
                        assertThat(gotSlots).as("%s %s min %s", metric, filter, min).containsExactly(wantSlots);
                        assertThat(got.scoresBestFirst()).containsExactly(want.scoresBestFirst());
                        for (int slot : gotSlots) {
                            assertThat(store.isFree(slot)).isFalse();
                            assertThat(store.expires()[slot]).isGreaterThan(10);
                        }
                    }
                    assertThat(ranked).isNotEmpty();
                }
            }
        }
    }

    @Test
    void ties_zero_vectors_and_dimension_one_rank_as_the_float_scan_ranks_them() {
        Random random = new Random(24);
        // Forty copies of each of five vectors, and zero vectors: ties are broken by id in both passes.
        float[][] five = gaussian(random, 5, 32);
        float[][] data = new float[230][];
        for (int i = 0; i < 200; i++) {
            data[i] = five[i % 5].clone();
        }
        for (int i = 200; i < 230; i++) {
            data[i] = new float[32];
        }
        Indexed ix = Indexed.of(data);
        for (Metric metric : Metric.values()) {
            for (float[] q : new float[][] {five[2].clone(), new float[32], Int8VectorsTest.gaussian(random, 32, 1)}) {
                for (int k : new int[] {1, 10, 45, 230}) {
                    assertThat(ix.quantized(q, metric, null, -1e9, k, QuantizedSearch.DEFAULT_OVERSAMPLING)
                            .slotsBestFirst())
                            .as("%s k=%d", metric, k).containsExactly(ix.exact(q, metric, null, -1e9, k));
                }
            }
        }
        float[][] line = new float[300][];
        for (int i = 0; i < line.length; i++) {
            line[i] = new float[] {(float) random.nextGaussian()};
        }
        Indexed one = Indexed.of(line);
        // Cosine in one dimension is +1 or -1 for every vector, ranked by the last bit of rounding: not compared.
        for (Metric metric : new Metric[] {Metric.DOT, Metric.L2}) {
            float[] q = {0.37f};
            assertThat(one.quantized(q, metric, null, -1e9, 10, 1).slotsBestFirst()).as("%s", metric)
                    .containsExactly(one.exact(q, metric, null, -1e9, 10));
        }
    }

    @Test
    void huge_and_tiny_magnitudes_search_like_the_float_scan() {
        Random random = new Random(25);
        for (double scale : new double[] {1e-15, 1e12}) {
            float[][] data = clustered(random, 2000, 128, 10, 0.3);
            for (float[] v : data) {
                for (int d = 0; d < v.length; d++) {
                    v[d] *= (float) scale;
                }
            }
            Indexed ix = Indexed.of(data);
            double sum = 0;
            for (int i = 0; i < 20; i++) {
                float[] q = data[random.nextInt(data.length)].clone();
                q[0] *= 1.5f;
                for (Metric metric : new Metric[] {Metric.COSINE, Metric.L2}) {
                    sum += recall(ix.exact(q, metric, null, -1e9, 10),
                            ix.quantized(q, metric, null, -1e9, 10, QuantizedSearch.DEFAULT_OVERSAMPLING)
                                    .slotsBestFirst());
                }
            }
            assertThat(sum / 40).as("scale %s", scale).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void a_chunked_first_pass_and_vectors_read_back_give_the_same_results() {
        Random random = new Random(26);
        Indexed ix = Indexed.of(clustered(random, 20_011, 48, 30, 0.4));
        SlotStore store = ix.store();
        Set<Integer> readBack = new HashSet<>();
        try (ScanPool pool = new ScanPool(4, "test")) {
            QuantizedSearch search = new QuantizedSearch(store, ix.codes(), INT8, QuantizedSearch.DEFAULT_OVERSAMPLING);
            for (int i = 0; i < 10; i++) {
                float[] q = Int8VectorsTest.gaussian(random, 48, 1);
                for (Metric metric : Metric.values()) {
                    Rescorer inMemory = Rescorer.of(FloatVectorScorer.of(store, q, metric, FLOAT));
                    Rescorer fromOutside = Rescorer.readingBack(slots -> {
                        float[][] out = new float[slots.length][];
                        for (int j = 0; j < slots.length; j++) {
                            readBack.add(slots[j]);
                            out[j] = store.vector(slots[j]);
                        }
                        return out;
                    }, q, metric, FLOAT);
                    TopK single = search.search(q, metric, null, null, 10, -1e9, 10, inMemory, null, Integer.MAX_VALUE);
                    TopK chunked = search.search(q, metric, null, null, 10, -1e9, 10, inMemory, pool, 1);
                    TopK read = search.search(q, metric, null, null, 10, -1e9, 10, fromOutside, null,
                            Integer.MAX_VALUE);
                    int[] a = single.slotsBestFirst();
                    assertThat(chunked.slotsBestFirst()).containsExactly(a);
                    assertThat(read.slotsBestFirst()).containsExactly(a);
                    assertThat(read.scoresBestFirst()).containsExactly(single.scoresBestFirst());
                }
            }
        }
        // Only candidates were read back: a few per search, not the namespace.
        assertThat(readBack.size()).isBetween(10, 10 * 3 * QuantizedSearch.candidates(10, 4));
    }

    @Test
    void candidates_and_refusals() {
        assertThat(QuantizedSearch.candidates(10, 4)).isEqualTo(40);
        assertThat(QuantizedSearch.candidates(1, 4)).isEqualTo(QuantizedSearch.MIN_CANDIDATES);
        assertThat(QuantizedSearch.candidates(1000, 1)).isEqualTo(1000);
        assertThat(QuantizedSearch.candidates(Integer.MAX_VALUE, 4)).isEqualTo(Integer.MAX_VALUE);
        Indexed ix = Indexed.of(gaussian(new Random(27), 30, 8));
        assertThatThrownBy(() -> new QuantizedSearch(ix.store(), ix.codes(), INT8, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oversampling");
        assertThatThrownBy(() -> ix.quantized(new float[7], Metric.COSINE, null, 0, 10, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 dimensions");
        ix.store().put(Int8VectorsTest.row(MemoryId.generate()), new float[8]);
        assertThatThrownBy(() -> ix.quantized(new float[8], Metric.COSINE, null, 0, 10, 4))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cover 30 slots")
                .hasMessageContaining("uses 31");
        assertThat(Arrays.stream(ix.exact(new float[8], Metric.DOT, null, -1, 5))).hasSize(5);
        assertThat(ix.quantized(new float[8], Metric.COSINE, null, 0, 0, 4).size()).isZero();
        assertThat(within(0.0)).isNotNull();
    }
}
