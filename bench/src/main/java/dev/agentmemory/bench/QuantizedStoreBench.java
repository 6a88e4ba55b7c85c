package dev.agentmemory.bench;

import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Confined to the calling thread: one large namespace with quantized vectors, searched through
 * the public API under an index budget smaller than its float vectors. A SQLite store (on tmpfs
 * where there is one) gets {@code n} clustered unit vectors ({@link ClusteredVectors}, 384
 * dimensions) in one namespace; the store quantizes namespaces from 20,000 vectors with
 * oversampling 4 (the defaults) and has a budget of {@code --budget-share} of the float
 * vectors' bytes. Reports the first search (the load), the index's resident bytes and the heap
 * it took after GC, the median latency of top-10 cosine searches, and recall@10 against a brute
 * force float ranking computed here, for queries that are not in the namespace.
 *
 * <p>{@code java -Xmx2g -cp benchmarks.jar dev.agentmemory.bench.QuantizedStoreBench [--n 100000]
 * [--queries 200] [--budget-share 0.5] [--out FILE]}; see docs/BENCHMARKS.md.
 */
public final class QuantizedStoreBench {
    private static final int DIM = 384;
    private static final int K = 10;

    private QuantizedStoreBench() {}

    /**
     * Runs the bench.
     *
     * @throws Exception when the store fails or the output cannot be written
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int n = 100_000;
        int queries = 200;
        double share = 0.5;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[i + 1]);
                case "--queries" -> queries = Integer.parseInt(args[i + 1]);
                case "--budget-share" -> share = Double.parseDouble(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("QuantizedStoreBench: unknown flag " + args[i]
                        + "; it takes --n, --queries, --budget-share and --out");
            }
        }
        Random r = new Random(42);
        float[][] all = ClusteredVectors.of(r, n + queries, DIM, 2_000);
        float[][] stored = Arrays.copyOf(all, n);
        float[][] asked = Arrays.copyOfRange(all, n, n + queries);
        long floatBytes = (long) n * DIM * Float.BYTES;
        long budget = (long) (floatBytes * share);
        Path dir = Files.createTempDirectory(Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir")), "quantized-store");
        List<String> lines = new ArrayList<>();
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder("sqlite:" + dir.resolve("q.db"))
                .historyVersions(0).indexBudget(budget).build())) {
            Namespace ns = store.namespace("bench", "large");
            long t0 = System.nanoTime();
            List<MemoryId> ids = new ArrayList<>(n);
            for (int from = 0; from < n; from += 1_000) {
                List<MemoryDraft> drafts = new ArrayList<>(1_000);
                for (int i = from; i < Math.min(n, from + 1_000); i++) {
                    drafts.add(MemoryDraft.of("memory " + i).embedding(stored[i]));
                }
                ids.addAll(ns.putAll(drafts));
            }
            double ingestSeconds = (System.nanoTime() - t0) / 1e9;
            long heapBefore = usedAfterGc();
            long t1 = System.nanoTime();
            ns.search(Search.vector(asked[0]).topK(K));
            double firstSeconds = (System.nanoTime() - t1) / 1e9;
            long heapAfter = usedAfterGc();
            StoreStats.IndexStats stats = store.stats().index();

            double[] recall = new double[queries];
            long[] nanos = new long[queries];
            for (int q = 0; q < queries; q++) {
                Set<MemoryId> truth = new HashSet<>();
                for (int i : exactTop(stored, asked[q])) {
                    truth.add(ids.get(i));
                }
                long s = System.nanoTime();
                List<Match> found = ns.search(Search.vector(asked[q]).topK(K));
                nanos[q] = System.nanoTime() - s;
                long hits = found.stream().filter(m -> truth.contains(m.memory().id())).count();
                recall[q] = hits / (double) K;
            }
            StoreStats.IndexStats end = store.stats().index();
            double mean = Arrays.stream(recall).average().orElse(0);
            double min = Arrays.stream(recall).min().orElse(0);
            lines.add(String.format(Locale.ROOT, "QuantizedStoreBench: %,d clustered unit vectors x %d dims in one"
                    + " namespace, SQLite on %s; JVM %s, %d cores, -Xmx %d MB, load average %s", n, DIM,
                    dir.getParent(), Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, loadAverage()));
            lines.add(String.format(Locale.ROOT, "float vectors alone %,d B (%.1f MB); index budget %,d B (%.1f MB,"
                    + " %.2f of them); quantization from 20,000 vectors, oversampling 4", floatBytes, floatBytes / 1e6,
                    budget, budget / 1e6, share));
            lines.add(String.format(Locale.ROOT, "ingest %.1f s (%,.0f rows/s); first search (the load) %.2f s",
                    ingestSeconds, n / ingestSeconds, firstSeconds));
            lines.add(String.format(Locale.ROOT, "resident index %,d B (%.0f B a vector, floats would be %d + the"
                    + " rest); heap after GC grew by %,d B (%.0f B a vector); loads %d (%,d ms),"
                    + " streamed searches %d", stats.residentBytes(), stats.residentBytes() / (double) n,
                    DIM * Float.BYTES, heapAfter - heapBefore, (heapAfter - heapBefore) / (double) n, end.loads(),
                    stats.loadMillis(), end.streamedSearches()));
            lines.add(String.format(Locale.ROOT, "%d queries not in the namespace, top-%d cosine: recall@10 mean"
                    + " %.4f, min %.2f; search p50 %.2f ms, p90 %.2f ms", queries, K, mean, min,
                    Stats.percentile(nanos, queries, 50) / 1e6, Stats.percentile(nanos, queries, 90) / 1e6));
            lines.forEach(System.out::println);
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        if (out != null) {
            Files.write(out, lines);
        }
    }

    /** The indices of the exact top-k by cosine (the vectors are unit vectors: by dot product). */
    private static int[] exactTop(float[][] vectors, float[] q) {
        int[] best = new int[K];
        double[] scores = new double[K];
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < vectors.length; i++) {
            double s = 0;
            float[] v = vectors[i];
            for (int d = 0; d < DIM; d++) {
                s += v[d] * q[d];
            }
            if (s > scores[K - 1]) {
                int at = K - 1;
                while (at > 0 && scores[at - 1] < s) {
                    scores[at] = scores[at - 1];
                    best[at] = best[at - 1];
                    at--;
                }
                scores[at] = s;
                best[at] = i;
            }
        }
        return best;
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
