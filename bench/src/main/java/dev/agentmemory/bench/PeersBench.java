package dev.agentmemory.bench;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Confined to the harness thread: the peers a user would pick instead, on the same real MiniLM
 * vectors in the same run. sqlite-vec for exact top-10 and for loading the vectors; hnswlib-core,
 * Lucene and JVector for approximate search at the same recall. The exact and graph rows of ours,
 * hnswlib-core and Lucene come from {@link SearchBench} over the same set; JVector runs in a child
 * JVM on a newer JDK beside a second copy of our HNSW ({@link JVectorCell}).
 */
final class PeersBench {
    static final double RECALL = 0.95;

    private final Report report;
    private final Path dir;
    private final int threads;

    PeersBench(Report report, Path dir, int threads) {
        this.report = report;
        this.dir = dir;
        this.threads = threads;
    }

    /**
     * Writes the section for the data set {@code name}, whose {@code searchResults} SearchBench
     * measured; {@code vectorsFile} is the cache the child JVM reads the same vectors from.
     */
    void run(String name, float[][] data, float[][] queries, List<SearchBench.Result> searchResults, Path vectorsFile)
            throws Exception {
        report.line("");
        report.line("## Peers on the same vectors: " + name);
        int[][] truth = SearchBench.groundTruth(data, queries);
        exactAndIngest(name, data, queries, truth, searchResults);
        graphs(name, searchResults, vectorsFile);
    }

    private void exactAndIngest(String name, float[][] data, float[][] queries, int[][] truth,
            List<SearchBench.Result> searchResults) throws Exception {
        report.line("");
        report.line("### Exact top-10 and loading the vectors: ours against sqlite-vec");
        report.line("");
        Path library = SqliteVec.library().orElse(null);
        if (library == null) {
            report.line("Not run: the sqlite-vec extension was not found (`npm install --prefix"
                    + " ~/.cache/agent-memory-npm sqlite-vec`, or set `SQLITE_VEC_PATH` to its `vec0` library).");
            return;
        }
        String version = SqliteVec.version(library);
        Path vecFile = dir.resolve("peers-sqlite-vec.db");
        StoreBench.deleteDb(vecFile);
        SearchBench.Result vec;
        double vecLoad;
        try (SqliteVec table = SqliteVec.load(library, vecFile, data, 1000)) {
            vecLoad = data.length / table.loadSeconds;
            vec = SearchBench.time("sqlite-vec " + version + " (vec0, exact, 1 thread)", queries, truth, 100,
                    q -> table.search(q, SearchBench.K), "");
        } finally {
            StoreBench.deleteDb(vecFile);
        }
        double oursLoad = oursIngest(data);
        SearchBench.Result ours1 = find(searchResults, "ours exact, Vector API, 1 thread");
        SearchBench.Result oursN = find(searchResults, "ours exact, Vector API, " + threads + " threads");
        if (ours1 == null) {
            ours1 = find(searchResults, "ours exact, scalar, 1 thread");
        }
        report.line("Both over the " + data.length + " x " + data[0].length + " vectors of " + name + ", the same 100"
                + " queries (20 warm-up first). sqlite-vec " + version + " is the `vec0` extension of its npm package"
                + " loaded into sqlite-jdbc, queried with `WHERE embedding MATCH ? AND k = 10` (L2 on unit vectors:"
                + " the cosine order). Loading: sqlite-vec inserts rowid + vector in transactions of 1000; ours"
                + " `putAll` of 1000 memories (content, vector, no metadata) on the SQLite backend; both files on"
                + " the same disk, WAL, synchronous=NORMAL.");
        report.line("");
        report.table("implementation", "median latency (µs)", "queries/s", "recall@10", "loads vectors/s");
        report.row(ours1.impl(), ours1.medianMicros(), ours1.qps(), ours1.recall(), oursLoad);
        if (oursN != null) {
            report.row(oursN.impl(), oursN.medianMicros(), oursN.qps(), oursN.recall(), "");
        }
        report.row(vec.impl(), vec.medianMicros(), vec.qps(), vec.recall(), vecLoad);
        double best = oursN != null ? Math.min(ours1.medianMicros(), oursN.medianMicros()) : ours1.medianMicros();
        report.line("");
        report.line(String.format(Locale.ROOT, "Ours is %.1fx faster than sqlite-vec on one thread (%.0f vs %.0f µs)"
                + " and %.1fx with the scan over %d threads; ours loads at %.2fx sqlite-vec's rate (it stores the"
                + " content, its hash and the row as well as the vector).", vec.medianMicros() / ours1.medianMicros(),
                ours1.medianMicros(), vec.medianMicros(), vec.medianMicros() / best, threads, oursLoad / vecLoad));
        report.target("exact top-10 over " + name + ": sqlite-vec latency / ours (best of 1 and " + threads
                + " threads)", vec.medianMicros() / best, 1, String.format(Locale.ROOT,
                        "%.0f vs %.0f µs; 1 thread against 1 thread: %.2fx", vec.medianMicros(), best,
                        vec.medianMicros() / ours1.medianMicros()));
        report.bar("exact top-10 queries/s: " + name, "queries/s", ours1.impl(), ours1.qps());
        if (oursN != null) {
            report.bar("exact top-10 queries/s: " + name, "queries/s", oursN.impl(), oursN.qps());
        }
        report.bar("exact top-10 queries/s: " + name, "queries/s", vec.impl(), vec.qps());
    }

    /** Ours loading the same vectors on a fresh SQLite file, putAll of 1000: vectors/s. */
    private double oursIngest(float[][] data) throws Exception {
        Path file = dir.resolve("peers-ours");
        StoreBench.deleteDb(file);
        StoreConfig config = StoreConfig.builder("sqlite:" + file + ".db").historyVersions(0).build();
        long t0 = System.nanoTime();
        try (MemoryStore s = MemoryStores.open(config)) {
            Namespace ns = s.namespace("bench", "peers");
            for (int from = 0; from < data.length; from += 1000) {
                List<MemoryDraft> drafts = new ArrayList<>(1000);
                for (int i = from; i < Math.min(data.length, from + 1000); i++) {
                    drafts.add(MemoryDraft.of("memory number " + i).embedding(data[i]));
                }
                ns.putAll(drafts);
            }
        }
        double rate = data.length / ((System.nanoTime() - t0) / 1e9);
        StoreBench.deleteDb(file);
        return rate;
    }

    private void graphs(String name, List<SearchBench.Result> searchResults, Path vectorsFile) throws Exception {
        report.line("");
        report.line("### HNSW at the same recall: ours against hnswlib-core, Lucene and JVector");
        report.line("");
        Path java = JVectorCell.newerJava();
        List<SearchBench.Result> child = java == null || vectorsFile == null ? List.of()
                : JVectorCell.run(java, vectorsFile);
        report.line("The best queries/s of each library over the ef values " + Arrays.toString(SearchBench.EFS)
                + " at which its recall@10 is at least " + RECALL + " (one query at a time, one thread). Ours,"
                + " hnswlib-core and Lucene ran in this JVM (the rows of the search section above); JVector 3.0.6"
                + " ran in a child JVM on JDK " + (java == null ? "(none found: set JDK25_HOME)" : "25 with its"
                + " Vector API code") + ", beside a second build of ours in the same child, so that its ratio"
                + " compares the two on one JDK. JVector is a single-layer graph: max degree " + JVectorCell.MAX_DEGREE
                + " (HNSW's bottom layer has 2 x M = " + JVectorCell.MAX_DEGREE + "), beam 100, built on one"
                + " thread.");
        report.line("");
        report.table("library", "best queries/s at recall >= " + RECALL, "at", "recall@10", "note");
        double ours = best(report, searchResults, SearchBench.OURS_HNSW + " ef=");
        double hnswlib = best(report, searchResults, SearchBench.HNSWLIB + " ef=");
        double lucene = best(report, searchResults, SearchBench.LUCENE + " ef=");
        double oursChild = best(report, child, SearchBench.OURS_HNSW + " ef=");
        double jvector = best(report, child, "JVector");
        for (SearchBench.Result r : child) {
            report.point("recall vs QPS: " + name, r.impl().startsWith("JVector") ? "JVector 3.0.6 (JDK 25)"
                    : "ours HNSW (JDK 25)", r.recall(), r.qps());
        }
        report.line("");
        report.line(String.format(Locale.ROOT, "Ours / hnswlib-core %.2fx, ours / Lucene %.2fx (this JVM); ours /"
                + " JVector %.2fx (both on JDK 25 in the child).", ours / hnswlib, ours / lucene, oursChild / jvector));
        double bestPeer = Math.max(hnswlib, lucene);
        report.target("HNSW " + name + " at recall >= " + RECALL + ": ours QPS / best of hnswlib-core and Lucene",
                bestPeer == 0 ? Double.NaN : ours / bestPeer, 1, String.format(Locale.ROOT,
                        "ours %.0f, hnswlib-core %.0f, Lucene %.0f q/s", ours, hnswlib, lucene));
        report.target("HNSW " + name + " at recall >= " + RECALL + ": ours QPS / JVector 3.0.6 (same JVM, JDK 25)",
                jvector == 0 ? Double.NaN : oursChild / jvector, 1, String.format(Locale.ROOT,
                        "ours %.0f, JVector %.0f q/s", oursChild, jvector));
    }

    /** The best row of {@code prefix} at the recall, added to the table; its queries/s, or 0 if none reaches it. */
    private static double best(Report report, List<SearchBench.Result> rs, String prefix) {
        SearchBench.Result top = null;
        for (SearchBench.Result r : rs) {
            if (r.impl().startsWith(prefix) && r.recall() >= RECALL && (top == null || r.qps() > top.qps())) {
                top = r;
            }
        }
        String library = prefix.replace(" ef=", "");
        if (top == null) {
            report.row(library, "none at this recall", "", "", "");
            return 0;
        }
        report.row(library + (top.impl().contains("(JDK") ? top.impl().substring(top.impl().indexOf(" (JDK")) : ""),
                top.qps(), top.impl().replaceAll(".* (ef=\\d+).*", "$1"), top.recall(), top.note());
        return top.qps();
    }

    private static SearchBench.Result find(List<SearchBench.Result> rs, String prefix) {
        return rs.stream().filter(x -> x.impl().startsWith(prefix)).findFirst().orElse(null);
    }

    /**
     * The section alone, with the bandwidth reference and the search section of the MiniLM set
     * it builds on: writes {@code bench/results/peers.md}.
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path results = Path.of("bench/results");
        Path work = Path.of("bench/target/work");
        Files.createDirectories(results);
        Files.createDirectories(work);
        int threads = Runtime.getRuntime().availableProcessors();
        Report report = new Report();
        report.line("# Peers on the same real vectors");
        report.line("");
        report.line("Written by `dev.agentmemory.bench.PeersBench` on " + ZonedDateTime.now().withNano(0) + ". Machine: "
                + Machine.describe() + ". Search kernel by default in this JVM: `" + BenchIndex.defaultKernel() + "`.");
        double[] bandwidth = Machine.bandwidthSection(report, threads);
        float[][] real = RealVectors.load(Path.of("bench/target"), n);
        float[][] data = Stats.normalised(Arrays.copyOf(real, real.length - 200));
        float[][] queries = Stats.normalised(Arrays.copyOfRange(real, real.length - 200, real.length));
        String name = "MiniLM " + data.length;
        report.line("");
        report.line("## Search: top-10, cosine, single query at a time");
        List<SearchBench.Result> rs = new SearchBench(report, threads).run(name, data, queries, SearchBench.Graphs.ALL,
                bandwidth[0]);
        new PeersBench(report, work, threads).run(name, data, queries, rs,
                Path.of("bench/target").resolve("real-vectors-" + n + ".bin"));
        report.targetsSection();
        Files.writeString(results.resolve("peers.md"), report.md.toString());
        System.out.println("wrote " + results.resolve("peers.md"));
    }
}
