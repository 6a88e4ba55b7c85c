package dev.agentmemory.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Confined to the harness thread: the memory bandwidth reference read with the Vector API, the
 * same instructions the exact scan uses, so that "scan GB/s / read loop GB/s" compares like with
 * like (the plain loops of {@link Machine} read slower than one thread's scan does). Loaded only
 * after {@link BenchIndex#vectorApiAvailable()} said the module is there.
 */
final class VectorBandwidth {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static volatile float sink;

    private VectorBandwidth() {}

    /** GB/s of summing 512 MB of floats with four vector accumulators on {@code threads} threads, each its share; best of 8 after 2 warm-up rounds. */
    static double gbs(int threads) throws Exception {
        float[] data = new float[128 << 20];
        for (int i = 0; i < data.length; i += 1024) {
            data[i] = i;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            int per = data.length / threads;
            for (int round = 0; round < 10; round++) {
                long t0 = System.nanoTime();
                List<Future<Float>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = t * per;
                    parts.add(pool.submit(() -> sum(data, from, from + per)));
                }
                float s = 0;
                for (Future<Float> f : parts) {
                    s += f.get();
                }
                sink = s;
                double gbs = (double) per * threads * 4 / (System.nanoTime() - t0);
                if (round > 1) {
                    best = Math.max(best, gbs);
                }
            }
            return best;
        } finally {
            pool.shutdown();
        }
    }

    private static float sum(float[] a, int from, int to) {
        int width = SPECIES.length();
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        FloatVector s2 = FloatVector.zero(SPECIES);
        FloatVector s3 = FloatVector.zero(SPECIES);
        int i = from;
        for (; i + 4 * width <= to; i += 4 * width) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, a, i));
            s1 = s1.add(FloatVector.fromArray(SPECIES, a, i + width));
            s2 = s2.add(FloatVector.fromArray(SPECIES, a, i + 2 * width));
            s3 = s3.add(FloatVector.fromArray(SPECIES, a, i + 3 * width));
        }
        float s = s0.add(s1).add(s2).add(s3).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) {
            s += a[i];
        }
        return s;
    }
}
