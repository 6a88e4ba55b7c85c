package dev.agentmemory.bench;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confined to the calling thread: the figures of the bounded search index, on SQLite in RAM
 * (tmpfs where there is one), in one run: heap per resident memory, round-robin search of many
 * namespaces under a budget from several threads (heap after GC, evicted-namespace latency,
 * results against an exact search of the database), and the cold start and streamed search of
 * one large namespace. Run it with the heap the figures are for, e.g. {@code -Xmx512m}.
 *
 * <p>{@code java -Xmx512m -cp benchmarks.jar dev.agentmemory.bench.BoundedIndexBench
 * [--namespaces 20000] [--per 50] [--dim 384] [--budget-mb 128] [--threads 8] [--rounds 2]
 * [--large 100000] [--parts heap,many,large] [--out FILE]}
 */
public final class BoundedIndexBench {
    private BoundedIndexBench() {}

    /**
     * Runs every part and prints the report.
     *
     * @throws IOException if the data directory or the report cannot be written
     * @throws Exception if a part fails
     */
    public static void main(String[] args) throws Exception {
        int namespaces = intArg(args, "--namespaces", 20_000);
        int per = intArg(args, "--per", 50);
        int dim = intArg(args, "--dim", 384);
        long budget = intArg(args, "--budget-mb", 128) * 1024L * 1024;
        int threads = intArg(args, "--threads", 8);
        int rounds = intArg(args, "--rounds", 2);
        int large = intArg(args, "--large", 100_000);
        String out = strArg(args, "--out", null);
        List<String> parts = List.of(strArg(args, "--parts", "heap,many,large").split(","));
        Path ram = Path.of("/dev/shm");
        Path dir = Files.createTempDirectory(Files.isWritable(ram) ? ram : Path.of(System.getProperty("java.io.tmpdir")),
                "bounded-bench");
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "# Bounded search index (%s; data in %s)%n%n", Machine.describe(),
                dir));
        try {
            if (parts.contains("heap")) {
                heapPerMemory(dir, dim, report);
            }
            if (parts.contains("many")) {
                roundRobin(dir, namespaces, per, dim, budget, threads, rounds, report);
            }
            if (parts.contains("large") && large > 0) {
                largeNamespace(dir, large, dim, report);
            }
        } finally {
            deleteTree(dir);
        }
        System.out.print(report);
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
    }

    /** Heap after GC per resident memory: 200 namespaces of 50, without and with one metadata entry. */
    private static void heapPerMemory(Path dir, int dim, StringBuilder report) {
        report.append("## Heap per resident memory (").append(dim).append("-d, exact, no HNSW)\n\n");
        report.append("| memories | metadata | heap after GC per memory | index bytes per memory | metadata bytes per memory (estimate) |\n");
        report.append("|---:|---|---:|---:|---:|\n");
        for (boolean withMetadata : new boolean[] {false, true}) {
            String uri = "sqlite:" + dir.resolve("heap-" + withMetadata + ".db");
            int spaces = 200;
            int per = 50;
            try (MemoryStore store = MemoryStores.open(StoreConfig.builder(uri).indexBudget(Long.MAX_VALUE).build())) {
                fill(store, "heap", spaces, per, dim, withMetadata);
                float[] q = vector(new Random(1), dim);
                store.namespace("heap", "ns0").search(Search.vector(q).topK(1)); // warm the path
                long before = usedAfterGc();
                for (int n = 1; n < spaces; n++) {
                    store.namespace("heap", "ns" + n).search(Search.vector(q).topK(1));
                }
                long after = usedAfterGc();
                StoreStats s = store.stats();
                long memories = (long) (spaces - 1) * per;
                report.append(String.format(Locale.ROOT, "| %,d | %s | %,d B | %,d B | %,d B |%n", memories,
                        withMetadata ? "one long entry" : "none", (after - before) / memories,
                        s.indexedBytes() / s.indexedVectors(), s.index().metadataBytes() / s.indexedVectors()));
            }
        }
        report.append("\nTarget: at most the vector (").append(4 * dim).append(" B) plus 96 B without metadata;")
                .append(" before this change 2,157 B (content and full rows were kept).\n\n");
    }

    /** Many namespaces searched round-robin under a budget, with the results checked on a sample. */
    private static void roundRobin(Path dir, int namespaces, int per, int dim, long budget, int threads, int rounds,
            StringBuilder report) throws Exception {
        String uri = "sqlite:" + dir.resolve("many.db");
        long t0 = System.nanoTime();
        try (MemoryStore store = MemoryStores.open(uri)) {
            fill(store, "many", namespaces, per, dim, true);
        }
        double ingest = (System.nanoTime() - t0) / 1e9;
        report.append(String.format(Locale.ROOT, "## %,d namespaces x %d memories (%,d memories, %d-d), budget %d MB,"
                + " %d threads, %d rounds round-robin%n%n", namespaces, per, (long) namespaces * per, dim,
                budget >> 20, threads, rounds));
        report.append(String.format(Locale.ROOT, "Ingest: %.1f s (%,.0f memories/s).%n%n", ingest,
                namespaces * (double) per / ingest));
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder(uri).indexBudget(budget).build())) {
            long[] latencies = new long[namespaces * rounds];
            AtomicLong mismatches = new AtomicLong();
            AtomicLong checked = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long started = System.nanoTime();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = thread; i < latencies.length; i += threads) {
                            int n = i % namespaces;
                            Namespace ns = store.namespace("many", "ns" + n);
                            Search s = Search.vector(vector(new Random(-i - 1), dim)).topK(10);
                            long a = System.nanoTime();
                            List<Match> got = ns.search(s);
                            latencies[i] = System.nanoTime() - a;
                            if (n % 50 == 0) {
                                checked.incrementAndGet();
                                if (!ids(got).equals(ids(exact(listAll(ns), s)))) {
                                    mismatches.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            StoreStats s = store.stats();
            long heap = usedAfterGc();
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            report.append("| searches | searches/s | p50 | p99 | hits | misses | loads | evictions | resident namespaces |"
                    + " resident MB | heap after GC | results checked | mismatches |\n");
            report.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            report.append(String.format(Locale.ROOT,
                    "| %,d | %,.0f | %.2f ms | %.2f ms | %,d | %,d | %,d | %,d | %,d | %.1f | %d MB | %,d | %d |%n%n",
                    latencies.length, latencies.length / seconds, sorted[sorted.length / 2] / 1e6,
                    sorted[(int) (sorted.length * 0.99)] / 1e6, s.index().hits(), s.index().misses(), s.index().loads(),
                    s.index().evictions(), s.indexedNamespaces(), s.index().residentBytes() / 1048576.0, heap >> 20,
                    checked.get(), mismatches.get()));
            singleThread(store, namespaces, dim, report);
            report.append("Results are checked against an exact brute-force ranking of the namespace's rows as listed"
                    + " from the database (every 50th namespace). Heap after GC includes the store's fixed overhead"
                    + " (pools, statement caches, the bench's own arrays).\n\n");
        }
    }

    /**
     * On one thread, after the round-robin: the next search of namespaces that were evicted
     * (misses), and of one resident namespace searched again and again (hits).
     */
    private static void singleThread(MemoryStore store, int namespaces, int dim, StringBuilder report) {
        int n = Math.min(1_000, namespaces);
        long[] evicted = new long[n];
        long missesBefore = store.stats().index().misses();
        for (int i = 0; i < n; i++) {
            // Walking backwards from the far end: the round-robin ended there, so these went out first.
            Namespace ns = store.namespace("many", "ns" + ((namespaces / 2 + i) % namespaces));
            Search s = Search.vector(vector(new Random(i), dim)).topK(10);
            long a = System.nanoTime();
            ns.search(s);
            evicted[i] = System.nanoTime() - a;
        }
        long misses = store.stats().index().misses() - missesBefore;
        Namespace hot = store.namespace("many", "ns0");
        long[] resident = new long[2_000];
        for (int i = 0; i < resident.length; i++) {
            Search s = Search.vector(vector(new Random(i), dim)).topK(10);
            long a = System.nanoTime();
            hot.search(s);
            resident[i] = System.nanoTime() - a;
        }
        Arrays.sort(evicted);
        Arrays.sort(resident);
        report.append(String.format(Locale.ROOT, "One thread, after the rounds: the next search of %,d namespaces (%,d of"
                + " them misses: evicted) p50 %.2f ms, p99 %.2f ms; one resident 50-memory namespace searched %,d"
                + " times p50 %.3f ms, p99 %.3f ms.%n%n", n, misses, evicted[n / 2] / 1e6, evicted[(int) (n * 0.99)] / 1e6,
                resident.length, resident[resident.length / 2] / 1e6, resident[(int) (resident.length * 0.99)] / 1e6));
    }

    /** The first search of one large namespace (a full load), then searches streamed under a small budget. */
    private static void largeNamespace(Path dir, int size, int dim, StringBuilder report) {
        String uri = "sqlite:" + dir.resolve("large.db");
        try (MemoryStore store = MemoryStores.open(uri)) {
            fill(store, "large", 1, size, dim, true);
        }
        Search s = Search.vector(vector(new Random(7), dim)).topK(10);
        report.append(String.format(Locale.ROOT, "## One namespace of %,d memories (%d-d)%n%n", size, dim));
        report.append("| case | first search | rows/s | next search |\n|---|---:|---:|---:|\n");
        List<Match> resident;
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder(uri).indexBudget(Long.MAX_VALUE).build())) {
            Namespace ns = store.namespace("large", "ns0");
            long a = System.nanoTime();
            resident = ns.search(s);
            long first = System.nanoTime() - a;
            long b = System.nanoTime();
            ns.search(s);
            long next = System.nanoTime() - b;
            report.append(String.format(Locale.ROOT, "| cold start, resident (load %d ms in stats) | %.0f ms | %,.0f | %.1f ms |%n",
                    store.stats().index().loadMillis(), first / 1e6, size / (first / 1e9), next / 1e6));
        }
        try (MemoryStore store = MemoryStores.open(StoreConfig.builder(uri).indexBudget(16L * 1024 * 1024).build())) {
            Namespace ns = store.namespace("large", "ns0");
            long a = System.nanoTime();
            List<Match> streamed = ns.search(s);
            long first = System.nanoTime() - a;
            long b = System.nanoTime();
            ns.search(s);
            long next = System.nanoTime() - b;
            report.append(String.format(Locale.ROOT, "| larger than a 16 MB budget: streamed | %.0f ms | %,.0f | %.0f ms |%n%n",
                    first / 1e6, size / (next / 1e9), next / 1e6));
            report.append("Streamed results equal the resident ones: ").append(ids(streamed).equals(ids(resident)))
                    .append(". Streamed searches in stats: ").append(store.stats().index().streamedSearches())
                    .append(".\n\n");
        }
    }

    private static void fill(MemoryStore store, String tenant, int namespaces, int per, int dim, boolean metadata) {
        Random r = new Random(42);
        for (int n = 0; n < namespaces; n++) {
            Namespace ns = store.namespace(tenant, "ns" + n);
            List<MemoryDraft> drafts = new ArrayList<>();
            for (int i = 0; i < per; i++) {
                MemoryDraft d = MemoryDraft.of("memory " + i + " of namespace " + n).embedding(vector(r, dim));
                drafts.add(metadata ? d.metadata("i", (long) (i % 10)) : d);
                if (drafts.size() == 1_000) {
                    ns.putAll(drafts);
                    drafts.clear();
                }
            }
            if (!drafts.isEmpty()) {
                ns.putAll(drafts);
            }
        }
    }

    private static List<Memory> listAll(Namespace ns) {
        List<Memory> all = new ArrayList<>();
        ListQuery q = ListQuery.first(1_000);
        while (true) {
            Page<Memory> page = ns.list(q);
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return all;
            }
            q = q.after(page.nextCursor().get());
        }
    }

    /** The exact cosine top-k, in double, ties by id: independent of the index's code. */
    private static List<Memory> exact(List<Memory> all, Search s) {
        float[] q = s.vector();
        record Scored(Memory m, double score) {}
        List<Scored> scored = new ArrayList<>();
        for (Memory m : all) {
            double dot = 0;
            double nm = 0;
            double nq = 0;
            float[] v = m.embedding();
            for (int d = 0; d < q.length; d++) {
                dot += (double) v[d] * q[d];
                nm += (double) v[d] * v[d];
                nq += (double) q[d] * q[d];
            }
            scored.add(new Scored(m, dot / Math.sqrt(nm * nq)));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(x -> x.m().id()));
        return scored.stream().limit(s.topK()).map(Scored::m).toList();
    }

    private static List<Object> ids(List<?> items) {
        return items.stream().map(x -> x instanceof Match m ? m.memory().id() : ((Memory) x).id()).map(Object.class::cast)
                .toList();
    }

    private static float[] vector(Random r, int dim) {
        float[] v = new float[dim];
        for (int d = 0; d < dim; d++) {
            v[d] = (float) r.nextGaussian();
        }
        return v;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int intArg(String[] args, String name, int fallback) {
        String v = strArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
    }

    private static String strArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
