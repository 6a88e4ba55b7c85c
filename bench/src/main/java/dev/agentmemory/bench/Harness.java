package dev.agentmemory.bench;

import dev.agentmemory.internal.BenchIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The whole comparison in one run; writes {@code bench/results/REPORT.md} and the PNG charts.
 * Arguments: {@code --quick} (small sizes, a smoke run), {@code --no-million},
 * {@code --no-jmh}. See docs/BENCHMARKS.md.
 */
public final class Harness {
    private Harness() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Set<String> flags = Set.of(args);
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
        double bandwidth1 = Machine.bandwidthGbs(1);
        double bandwidthN = Machine.bandwidthGbs(threads);
        report.line("");
        report.line("## Memory bandwidth (plain read loops over 512 MB: float[] with 8 accumulators and int[] vectorised by C2, best of 8)");
        report.line("");
        report.table("threads", "GB/s");
        report.row(1, bandwidth1);
        report.row(threads, bandwidthN);

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
        List<SearchBench.Result> random10k = search.run("random " + small, random(r, small), random(r, 100), true,
                bandwidth1);
        List<SearchBench.Result> random100k = search.run("random " + large, random(r, large), random(r, 100),
                flags.contains("--hnsw-random-100k"), bandwidth1);
        float[][] real = RealVectors.load(Path.of("bench/target"), quick ? 2_200 : 100_000);
        float[][] realData = Stats.normalised(Arrays.copyOf(real, real.length - 200));
        float[][] realQueries = Stats.normalised(Arrays.copyOfRange(real, real.length - 200, real.length));
        List<SearchBench.Result> realResults = search.run("MiniLM " + realData.length, realData, realQueries, true,
                bandwidth1);
        double[] memory = search.memory;
        if (!quick && !flags.contains("--no-million")) {
            float[][] million = random(r, 1_000_000);
            search.run("random 1000000", million, random(r, 20), false, bandwidth1);
            million = null;
        }
        targets(report, random100k, realResults, bandwidth1, bandwidthN, threads, large, realData.length);

        new IngestBench(report, work).run(quick ? 5_000 : 100_000, quick ? 200 : 2_000);
        stores.freshness(quick ? 2_000 : 10_000);

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
