package dev.agentmemory.h2;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Confined to its main thread: measures what durability costs on H2, {@code durable} against
 * {@code relaxed}, side by side in one run. Not a test (timings vary with the machine); the
 * figures go into {@code docs/backends/h2.md}.
 *
 * <p>Each round opens a fresh file per mode, warms up, then counts single-memory puts (384-d
 * embeddings, one metadata entry) for a fixed time with 1 and with 4 threads (each thread its
 * own namespace); modes alternate and swap order every round, and the medians are printed.
 *
 * <pre>{@code
 * java -cp <test classpath> dev.agentmemory.h2.H2DurabilityCost [rounds] [millisPerRun]
 * }</pre>
 */
public final class H2DurabilityCost {
    private static final int DIM = 384;

    private H2DurabilityCost() {}

    /**
     * Runs the comparison and prints a Markdown table.
     *
     * @throws Exception if a store fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("h2-durability-cost");
        try {
            List<String> modes = List.of("durable", "relaxed");
            int[] threadCounts = {1, 4};
            double[][][] results = new double[modes.size()][threadCounts.length][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < modes.size(); k++) {
                    int m = round % 2 == 0 ? k : modes.size() - 1 - k;
                    for (int t = 0; t < threadCounts.length; t++) {
                        Path file = dir.resolve(modes.get(m) + "-" + round + "-" + t);
                        results[m][t][round] = run(file, modes.get(m), threadCounts[t], millis);
                        System.out.printf("round %d %-8s %d thread(s): %,.0f puts/s%n", round + 1, modes.get(m),
                                threadCounts[t], results[m][t][round]);
                    }
                }
            }
            System.out.printf("%n| threads | durable (puts/s, median of %d) | relaxed (puts/s, median of %d) | relaxed / durable |%n",
                    rounds, rounds);
            System.out.println("|---|---|---|---|");
            for (int t = 0; t < threadCounts.length; t++) {
                double durable = median(results[0][t]);
                double relaxed = median(results[1][t]);
                System.out.printf("| %d | %,.0f | %,.0f | %.1fx |%n", threadCounts[t], durable, relaxed, relaxed / durable);
            }
        } finally {
            delete(dir);
        }
    }

    private static double run(Path file, String durability, int threads, long millis) throws Exception {
        StoreConfig config = StoreConfig.builder("h2:" + file).property("durability", durability).build();
        try (MemoryStore store = MemoryStores.open(config)) {
            float[] v = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                v[i] = (float) Math.sin(i + 1);
            }
            for (int i = 0; i < 200; i++) {
                store.namespace("t", "warm").put(MemoryDraft.of("warm " + i).embedding(v).metadata("i", i));
            }
            AtomicLong puts = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Namespace ns = store.namespace("t", "ns" + t);
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        for (long i = 0; !stop.get(); i++) {
                            ns.put(MemoryDraft.of("memory " + i).embedding(v).metadata("i", i));
                            puts.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                workers.add(worker);
                worker.start();
            }
            long begin = System.nanoTime();
            start.countDown();
            Thread.sleep(millis);
            stop.set(true);
            long counted = puts.get();
            double seconds = (System.nanoTime() - begin) / 1e9;
            for (Thread w : workers) {
                w.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a writer failed", failure.get());
            }
            return counted / seconds;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
