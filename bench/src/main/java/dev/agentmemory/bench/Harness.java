package dev.agentmemory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The whole comparison in one run; writes {@code bench/results/REPORT.md} and the PNG charts.
 * Arguments: {@code --quick} (small sizes, a smoke run), {@code --no-million},
 * {@code --million-hnsw}, {@code --million-peers}, {@code --no-hnsw-random-100k},
 * {@code --no-jmh}, {@code --no-recall}, {@code --no-demo} (the web demo under wrk). See docs/BENCHMARKS.md.
 */
public final class Harness {
    /** The flags {@link #main} knows; {@code --hnsw-random-100k} is the default now and kept as a no-op. */
    private static final Set<String> FLAGS = Set.of("--quick", "--no-million", "--million-hnsw", "--million-peers",
            "--no-hnsw-random-100k", "--hnsw-random-100k", "--no-jmh", "--no-recall", "--no-demo");
    private static final int MILLION = 1_000_000;

    private Harness() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Set<String> flags = new HashSet<>(Arrays.asList(args));
        for (String f : flags) {
            if (!FLAGS.contains(f)) {
                // A mistyped --quick or --no-million must not silently start the full run.
                System.err.println("unknown argument '" + f + "'; the harness takes " + new TreeSet<>(FLAGS));
                System.exit(2);
            }
        }
        boolean quick = flags.contains("--quick");
        Path results = Path.of("bench/results");
        Path work = Path.of("bench/target/work");
        Files.createDirectories(results);
        Files.createDirectories(work);
        int threads = Runtime.getRuntime().availableProcessors();
        Report report = new Report();
        long start = System.nanoTime();

        report.line("# agent-memory benchmark report");
        report.line("");
        report.line("Written by `dev.agentmemory.bench.Harness` on " + ZonedDateTime.now().withNano(0) + ". Machine: "
                + Machine.describe() + ". Search kernel by default in this JVM: `" + BenchIndex.defaultKernel()
                + "`. Every figure below comes from this one run; the machine is shared with other builds, so"
                + " read ratios rather than absolute numbers.");
        report.line("");
        report.line("TARGETS_PLACEHOLDER");

        // Memory bandwidth first, so the search section can quote it.
        double[] bandwidth = Machine.bandwidthSection(report, threads);
        double bandwidth1 = bandwidth[0];
        double bandwidthN = bandwidth[1];

        // The concurrency cells run in RAM (tmpfs) where there is one: on this kind of shared VM a
        // synced 4 KB write takes milliseconds (dd oflag=dsync: 1.6 MB/s), so the first fsync after
        // copying a 20 MB cell file flushed the copy for tens of seconds and, holding SQLite's
        // process-wide VFS mutex in close(), stalled every other connection's open.
        Path ram = Path.of("/dev/shm");
        Path cells = Files.isDirectory(ram) && Files.isWritable(ram)
                ? Files.createTempDirectory(ram, "agent-memory-bench") : work;
        StoreBench concurrency = new StoreBench(report, cells);
        concurrency.concurrency(new int[] {1, 2, 8, 32}, quick ? 1000 : 2500, quick ? 2000 : 10_000,
                cells.startsWith(ram) ? "tmpfs (/dev/shm)" : "disk (" + cells + ")");
        StoreBench stores = new StoreBench(report, work);

        report.line("");
        report.line("## Search: top-10, cosine, single query at a time");
        report.line("");
        report.line("Data sets are unit-length (cosine ranking is unchanged; the peers use inner product on them)."
                + " recall@10 is against a brute-force double-precision oracle. HNSW: M=16, efConstruction=100 for"
                + " every library; ef is the search beam width. Exact-scan bandwidth = bytes of vectors scanned /"
                + " median latency, against the read loop above with the same thread count.");
        SearchBench search = new SearchBench(report, threads);
        Random r = new Random(7);
        int small = quick ? 2_000 : 10_000;
        int large = quick ? 10_000 : 100_000;
        search.run("random " + small, random(r, small), random(r, 100), SearchBench.Graphs.ALL, bandwidth1);
        String randomLarge = "random " + large;
        List<SearchBench.Result> random100k = search.run(randomLarge, random(r, large), random(r, 100),
                flags.contains("--no-hnsw-random-100k") ? SearchBench.Graphs.NONE : SearchBench.Graphs.ALL,
                bandwidth1);
        int realCount = quick ? 2_200 : 100_000;
        float[][] real = RealVectors.load(Path.of("bench/target"), realCount);
        float[][] realData = Stats.normalised(Arrays.copyOf(real, real.length - 200));
        float[][] realQueries = Stats.normalised(Arrays.copyOfRange(real, real.length - 200, real.length));
        String realName = "MiniLM " + realData.length;
        List<SearchBench.Result> realResults = search.run(realName, realData, realQueries, SearchBench.Graphs.ALL,
                bandwidth1);
        new PeersBench(report, work, threads).run(realName, realData, realQueries, realResults,
                Path.of("bench/target").resolve("real-vectors-" + realCount + ".bin"));
        double[] memory = search.memory;
        if (!quick && !flags.contains("--no-million")) {
            million(report, search, r, flags.contains("--million-peers") ? SearchBench.Graphs.ALL
                    : flags.contains("--million-hnsw") ? SearchBench.Graphs.OURS : SearchBench.Graphs.NONE,
                    bandwidth1, randomLarge, realName);
        }
        targets(report, random100k, realResults, bandwidth1, bandwidthN, threads, large, realData.length);

        new IngestBench(report, work).run(quick ? 5_000 : 100_000, quick ? 200 : 100_000);
        if (!flags.contains("--no-demo")) {
            new DemoLoadBench(report, work).run(quick ? 1 : 2, quick ? 5 : 20, 32);
        }
        stores.freshness(quick ? 2_000 : 10_000);
        if (!flags.contains("--no-recall")) {
            RecallBench.section(report, work, quick);
        }

        report.line("");
        report.line("## Memory per stored vector (384 dims, MiniLM set)");
        report.line("");
        report.table("index", "bytes per vector", "of which the float vector");
        report.row("exact (vector, norm, expiry)", memory[0], 384 * 4);
        report.row("exact + HNSW graph (M=16)", memory[1], 384 * 4);
        report.line("");
        report.line("Row objects (id, content, metadata) come on top of both and depend on the content.");

        if (!flags.contains("--no-jmh")) {
            jmh(report);
        }
        report.line("");
        report.line(String.format("Run time: %.1f min.", (System.nanoTime() - start) / 60e9));
        List<String> charts = Charts.write(report, results);
        report.line("");
        report.line("## Charts");
        report.line("");
        for (String c : charts) {
            report.line("![" + c + "](" + c + ")");
        }
        StringBuilder t = new StringBuilder("## Targets\n\n| target | measured | goal | verdict | detail |\n|---|---|---|---|---|\n");
        for (String line : report.targets) {
            t.append(line).append('\n');
        }
        Files.writeString(results.resolve("REPORT.md"), report.md.toString().replace("TARGETS_PLACEHOLDER", t));
        System.out.println("wrote " + results.resolve("REPORT.md"));
    }

    /**
     * The random 1M x 384 set, 20 queries: our exact scans and LangChain4j; HNSW only when
     * asked ({@code graphs}), since over 1M random vectors a single-threaded build takes tens of
     * minutes here, ours included.
     */
    private static void million(Report report, SearchBench search, Random r, SearchBench.Graphs graphs,
            double bandwidth, String... smaller) {
        long t0 = System.nanoTime();
        // Generated here and dropped with this call: 1.5 GB a copy, and the exact index,
        // LangChain4j's store and each graph index make their own in turn.
        search.run("random " + MILLION, random(r, MILLION), random(r, 20), graphs, bandwidth);
        report.line("");
        if (graphs != SearchBench.Graphs.ALL) {
            report.line(graphsLeftOut(search, graphs, smaller));
            report.line("");
        }
        report.line("Real MiniLM vectors stop at 100k: embedding sentences with the ONNX MiniLM model takes about 13"
                + " minutes per 100,000 on this machine, so 1M real vectors would take over 2 hours; the 1M set is"
                + " random vectors only.");
        report.line("");
        report.line(String.format("The 1M section took %.1f min.", (System.nanoTime() - t0) / 60e9));
    }

    /**
     * Which HNSW indexes have no 1M rows and why: the builds measured on the first of the
     * {@code smaller} sets that has all three, and at least ten times that at 1M.
     */
    private static String graphsLeftOut(SearchBench search, SearchBench.Graphs graphs, String... smaller) {
        boolean oursToo = graphs == SearchBench.Graphs.NONE;
        String what = oursToo ? "HNSW indexes are left out at 1M (`--million-hnsw` adds ours, `--million-peers` all"
                + " three)" : "hnswlib-core and Lucene HNSW are left out at 1M (`--million-peers` adds them)";
        for (String set : smaller) {
            double ours = search.buildSeconds(SearchBench.OURS_HNSW, set);
            double hnswlib = search.buildSeconds(SearchBench.HNSWLIB, set);
            double lucene = search.buildSeconds(SearchBench.LUCENE, set);
            if (Double.isNaN(ours) || Double.isNaN(hnswlib) || Double.isNaN(lucene)) {
                continue;
            }
            return String.format("%s: over %s in this run the single-threaded builds took %.0f s (ours), %.0f s"
                    + " (hnswlib-core) and %.0f s (Lucene), and a build over 1M vectors takes more than ten times as"
                    + " long as over 100k (every insert searches a larger graph, and 1.5 GB of vectors do not stay in"
                    + " cache), so at least %s min here. See docs/BENCHMARKS.md for the builds measured at 200k and"
                    + " 1M.", what, set, ours, hnswlib, lucene, oursToo
                            ? String.format("%.0f, %.0f and %.0f", ours / 6, hnswlib / 6, lucene / 6)
                            : String.format("%.0f and %.0f", hnswlib / 6, lucene / 6));
        }
        return what + ": single-threaded builds over 1M vectors take tens of minutes each here (see"
                + " docs/BENCHMARKS.md).";
    }

    private static float[][] random(Random r, int n) {
        float[][] out = new float[n][384];
        for (float[] v : out) {
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) r.nextGaussian();
            }
        }
        return Stats.normalised(out);
    }

    private static SearchBench.Result find(List<SearchBench.Result> rs, String prefix) {
        return rs.stream().filter(x -> x.impl().startsWith(prefix)).findFirst().orElse(null);
    }

    private static void targets(Report report, List<SearchBench.Result> random100k, List<SearchBench.Result> real,
            double bw1, double bwN, int threads, int large, int realSize) {
        double bytes = (double) large * 384 * 4;
        SearchBench.Result v1 = find(random100k, "ours exact, Vector API, 1 thread");
        SearchBench.Result vN = find(random100k, "ours exact, Vector API, " + threads);
        if (v1 != null) {
            report.target("exact " + large + " x 384, Vector API, 1 thread: fraction of 1-thread bandwidth",
                    bytes / (v1.medianMicros() * 1e3) / bw1, 0.7, "");
        }
        if (vN != null) {
            report.target("exact " + large + " x 384, Vector API, " + threads + " threads: fraction of " + threads
                    + "-thread bandwidth", bytes / (vN.medianMicros() * 1e3) / bwN, 0.7, "");
        }
        SearchBench.Result scalar = find(random100k, "ours exact, scalar, 1 thread");
        SearchBench.Result lc4j = find(random100k, "LangChain4j");
        if (scalar != null && lc4j != null) {
            report.target("exact " + large + ", scalar 1 thread (no Vector API) / LangChain4j in-memory",
                    lc4j.medianMicros() / scalar.medianMicros(), 4, "");
        }
        // HNSW on real vectors: our best QPS at recall >= 0.95 against the peer's at the same recall.
        double ours = bestQps(real, "ours HNSW", 0.95);
        double peer = bestQps(real, "hnswlib-core", 0.95);
        double lucene = bestQps(real, "Lucene", 0.95);
        double recall = real.stream().filter(x -> x.impl().startsWith("ours HNSW")).mapToDouble(x -> x.recall())
                .max().orElse(0);
        report.target("HNSW real MiniLM " + realSize + ": best recall@10 of ours", recall, 0.95, "");
        SearchBench.Result exact = find(real, "ours exact, Vector API, 1 thread");
        if (exact != null) {
            report.target("HNSW real MiniLM " + realSize + ": ours HNSW QPS at recall >= 0.95 / ours exact scan QPS"
                    + " (Vector API, 1 thread)", ours / exact.qps(), 10, String.format("HNSW %.0f q/s, exact %.0f q/s",
                    ours, exact.qps()));
        }
        report.target("HNSW real MiniLM " + realSize + ": ours QPS / hnswlib-core QPS, both at recall >= 0.95",
                peer == 0 ? Double.NaN : ours / peer, 1, String.format("ours %.0f q/s, hnswlib %.0f q/s, Lucene %.0f q/s",
                        ours, peer, lucene));
    }

    private static double bestQps(List<SearchBench.Result> rs, String prefix, double recall) {
        return rs.stream().filter(x -> x.impl().startsWith(prefix) && x.recall() >= recall)
                .mapToDouble(SearchBench.Result::qps).max().orElse(0);
    }

    private static void jmh(Report report) throws Exception {
        report.line("");
        report.line("## JMH: exact top-10 over 10k x 384, one thread (1 fork, 2 x 1 s warm-up, 3 x 1 s measured)");
        report.line("");
        report.table("benchmark", "µs/op", "error (99.9%)");
        for (RunResult rr : new Runner(new OptionsBuilder().include(KernelBenchmark.class.getSimpleName()).build())
                .run()) {
            report.row(rr.getParams().getBenchmark().replaceAll(".*\\.", ""), rr.getPrimaryResult().getScore(),
                    rr.getPrimaryResult().getScoreError());
        }
    }
}
