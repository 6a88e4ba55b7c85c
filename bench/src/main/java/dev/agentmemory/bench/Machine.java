package dev.agentmemory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/** Static helpers: what machine this is, and its memory bandwidth by a plain read loop. */
final class Machine {
    private static volatile float sink;

    private Machine() {}

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (Exception e) {
            // keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " processors, " + cpu + ", JDK "
                + System.getProperty("java.vm.vendor") + " " + Runtime.version() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB";
    }

    /**
     * Writes the memory bandwidth section: the plain loops of {@link #bandwidthGbs} and, where
     * the Vector API is there, the {@link VectorBandwidth} loop, on 1 and {@code threads}
     * threads.
     *
     * @return the reference for 1 and for {@code threads} threads: the Vector API loop, which
     *     reads with the exact scan's own instructions, or the plain loop without the module
     */
    static double[] bandwidthSection(Report report, int threads) throws Exception {
        double plain1 = bandwidthGbs(1);
        double plainN = bandwidthGbs(threads);
        boolean vector = BenchIndex.vectorApiAvailable();
        double vector1 = vector ? VectorBandwidth.gbs(1) : Double.NaN;
        double vectorN = vector ? VectorBandwidth.gbs(threads) : Double.NaN;
        report.line("");
        report.line("## Memory bandwidth (read loops over 512 MB, best of 8 after 2 warm-up rounds)");
        report.line("");
        report.line("The reference for the exact scan's bandwidth is the Vector API loop (four `FloatVector`"
                + " accumulators of the preferred width, the scan's own instructions); the plain loops (`float[]`"
                + " with 8 scalar accumulators, `int[]` which C2 vectorises; the faster counts) read slower than"
                + " one thread's scan does, so a ratio against them says more about the loop than the scan.");
        report.line("");
        report.table("threads", "Vector API loop GB/s (reference)", "plain loop GB/s");
        report.row(1, vector ? vector1 : "no Vector API module", plain1);
        report.row(threads, vector ? vectorN : "no Vector API module", plainN);
        return vector ? new double[] {vector1, vectorN} : new double[] {plain1, plainN};
    }

    /** GB/s of summing 512 MB (as float[] with 8 accumulators, and as int[] which C2 vectorises) on {@code threads} threads, each its share; best of 8. */
    static double bandwidthGbs(int threads) throws Exception {
        float[] data = new float[128 << 20];
        for (int i = 0; i < data.length; i += 1024) {
            data[i] = i;
        }
        // The same 512 MB as int[]: C2 vectorises an int sum, so whichever loop reads faster counts.
        int[] ints = new int[data.length];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double best = 0;
            for (int round = 0; round < 10; round++) {
                int per = data.length / threads;
                long t0 = System.nanoTime();
                List<Future<Float>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = t * per;
                    boolean asInts = round % 2 == 0;
                    parts.add(pool.submit(() -> asInts ? (float) intSum(ints, from, from + per) : sum(data, from, from + per)));
                }
                float s = 0;
                for (Future<Float> f : parts) {
                    s += f.get();
                }
                sink = s;
                double gbs = (double) data.length * 4 / (System.nanoTime() - t0);
                if (round > 1) {
                    best = Math.max(best, gbs);
                }
            }
            return best;
        } finally {
            pool.shutdown();
        }
    }

    private static long intSum(int[] a, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s;
    }

    private static float sum(float[] a, int from, int to) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }
}
