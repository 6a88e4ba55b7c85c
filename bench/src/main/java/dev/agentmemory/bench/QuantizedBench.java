package dev.agentmemory.bench;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.Metric;
import dev.agentmemory.index.ExactScan;
import dev.agentmemory.index.FloatVectorScorer;
import dev.agentmemory.index.IndexedRow;
import dev.agentmemory.index.Int8Kernel;
import dev.agentmemory.index.Int8Kernels;
import dev.agentmemory.index.Int8Vectors;
import dev.agentmemory.index.QuantizedSearch;
import dev.agentmemory.index.Rescorer;
import dev.agentmemory.index.SlotStore;
import dev.agentmemory.index.TopK;
import dev.agentmemory.index.VectorKernel;
import dev.agentmemory.index.VectorKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Confined to the calling thread: int8 quantized search with exact rescoring against the float
 * scan, side by side in one JVM on the same data, single-threaded, top-10 cosine. For each set:
 * recall@10 of the quantized search against the float scan for several oversampling factors,
 * the median latency of both (the queries alternate between them, so load from other processes
 * hits both alike), and the bytes per vector. Sets: prefixes of the real MiniLM vectors (the
 * bench's cached corpus, see {@link RealVectors}) up to 99,800, and 1M synthetic clustered
 * vectors. Writes {@code bench/results/quantized-jdkN.md}. Arguments: {@code --quick} (small
 * sets), {@code --no-million}. See docs/BENCHMARKS.md, "Quantized vectors".
 */
public final class QuantizedBench {
    private static final Set<String> FLAGS = Set.of("--quick", "--no-million", "--no-real");
    private static final int K = 10;
    private static final int[] OVERSAMPLING = {1, 2, 3, 4, 6, 8};

    private final Report report = new Report();
    private final VectorKernel floatKernel = VectorKernels.preferred();
    private final Int8Kernel int8Kernel = Int8Kernels.preferred();

    private QuantizedBench() {}

    public static void main(String[] args) throws Exception {
        Set<String> flags = new HashSet<>(Arrays.asList(args));
        for (String f : flags) {
            if (!FLAGS.contains(f)) {
                System.err.println("unknown argument '" + f + "'; QuantizedBench takes " + new TreeSet<>(FLAGS));
                System.exit(2);
            }
        }
        new QuantizedBench().run(flags.contains("--quick"), !flags.contains("--no-real"), !flags.contains("--no-million"));
    }

    private void run(boolean quick, boolean real, boolean million) throws Exception {
        long start = System.nanoTime();
        String loadAtStart = load();
        int jdk = Runtime.version().feature();
        report.line("# Quantized vectors: int8 + exact rescoring against the float scan (JDK " + jdk + ")");
        report.line("");
        report.line("Written by `dev.agentmemory.bench.QuantizedBench` on " + ZonedDateTime.now().withNano(0)
                + ". Machine: " + Machine.describe() + ". Float kernel `" + floatKernel.name() + "`, int8 kernel `"
                + int8Kernel.name() + "`. Top-" + K + " cosine, one query at a time on one thread; the float scan"
                + " and the quantized search alternate query by query, medians of every query over several"
                + " passes. recall@10 is against the float scan's top 10. The machine is shared: read ratios.");
        report.line("");
        report.line("TARGETS_PLACEHOLDER");
        kernels();

        if (real) {
            float[][] corpus = RealVectors.load(Path.of("bench/target"), quick ? 2_200 : 100_000);
            float[][] data = Stats.normalised(Arrays.copyOf(corpus, corpus.length - 200));
            float[][] queries = Stats.normalised(Arrays.copyOfRange(corpus, corpus.length - 200, corpus.length));
            report.line("");
            report.line("## Real MiniLM vectors (all-MiniLM-L6-v2, 384 dims, sentences of this machine's documentation)");
            report.line("");
            report.line("Prefixes of the cached corpus; the 200 query vectors are sentences not in the index.");
            int[] sizes = quick ? new int[] {1_000, data.length} : new int[] {2_000, 10_000, 20_000, 50_000, data.length};
            List<Result> results = new ArrayList<>();
            for (int n : sizes) {
                results.add(measure("MiniLM " + n, Arrays.copyOf(data, n), queries, quick ? 2 : 3));
            }
            summary(results);
            Result full = results.get(results.size() - 1);
            report.target("recall@10, quantized + rescore (x" + QuantizedSearch.DEFAULT_OVERSAMPLING + ") vs float, "
                    + full.name, full.recallAtDefault(), 0.99, "");
            report.target("float scan median / quantized median, " + full.name, full.speedup(), 2.0,
                    String.format("float %.2f ms, quantized %.2f ms", full.floatMs, full.quantizedMs));
            report.targetAtMost("quantized bytes / float bytes per vector, " + full.name,
                    full.int8Bytes / full.floatBytes, 0.27, String.format("%.0f vs %.0f bytes", full.int8Bytes,
                            full.floatBytes));
        }
        if (million && !quick) {
            Random r = new Random(13);
            int n = 1_000_000;
            long t0 = System.nanoTime();
            float[][] clustered = ClusteredVectors.of(r, n + 30, 384, 2_000);
            report.line("");
            report.line("## 1M synthetic clustered vectors (384 dims)");
            report.line("");
            report.line(String.format("Real MiniLM vectors stop at 100k here (embedding takes minutes per 10,000"
                    + " sentences), so the 1M set is synthetic: 2,000 Gaussian centres, points spread around"
                    + " them and normalised, queries are 30 more points of the same clusters (generated in %.0f s)."
                    + " Caveat: these are not embeddings of text; their neighbours lie closer together than"
                    + " MiniLM's (the codes alone find fewer of the top 10 here), so read both sets.",
                    (System.nanoTime() - t0) / 1e9));
            Result m = measure("clustered 1M", Arrays.copyOf(clustered, n), Arrays.copyOfRange(clustered, n, n + 30),
                    2);
            summary(List.of(m));
            report.target("recall@10, quantized + rescore vs float, clustered 1M", m.recallAtDefault(), 0.99, "");
            report.target("float scan median / quantized median, clustered 1M", m.speedup(), 2.0,
                    String.format("float %.1f ms, quantized %.1f ms", m.floatMs, m.quantizedMs));
        }

        report.line("");
        report.line(String.format("Run time: %.1f min. Load average at the start and the end: %s, %s (%d cores).",
                (System.nanoTime() - start) / 60e9, loadAtStart, load(), Runtime.getRuntime().availableProcessors()));
        StringBuilder t = new StringBuilder("## Targets\n\n| target | measured | goal | verdict | detail |\n"
                + "|---|---|---|---|---|\n");
        report.targets.forEach(line -> t.append(line).append('\n'));
        Path out = Path.of("bench/results").resolve("quantized-jdk" + jdk + (quick ? "-quick" : "")
                + (real ? "" : "-1m") + (million ? "" : "-100k") + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.md.toString().replace("TARGETS_PLACEHOLDER", t));
        System.out.println("wrote " + out);
    }

    /** The kernels alone on one 384-d pair that stays in cache: ns per dot product, best of several runs. */
    private void kernels() {
        Random r = new Random(1);
        int d = 384;
        int rows = 1024;
        byte[] codes = new byte[rows * d];
        r.nextBytes(codes);
        byte[] q = Arrays.copyOf(codes, d);
        float[] floats = new float[rows * d];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) r.nextGaussian();
        }
        float[] fq = Arrays.copyOf(floats, d);
        report.line("");
        report.line("## Kernels (one 384-d dot product, data in cache, best of 30 runs of 1,024 rows)");
        report.line("");
        report.table("kernel", "ns per dot product", "bytes per vector");
        List<Int8Kernel> int8 = new ArrayList<>(List.of(Int8Kernels.scalar()));
        Int8Kernels.vectorApi().ifPresent(int8::add);
        for (Int8Kernel k : int8) {
            double best = Double.MAX_VALUE;
            long sink = 0;
            for (int run = 0; run < 30; run++) {
                long t = System.nanoTime();
                for (int rep = 0; rep < 20; rep++) {
                    for (int i = 0; i < rows; i++) {
                        sink += k.dot(codes, i * d, q, 0, d);
                    }
                }
                best = Math.min(best, (System.nanoTime() - t) / (20.0 * rows));
            }
            report.row(k.name() + (sink == 42 ? " " : ""), best, d);
        }
        List<VectorKernel> fl = new ArrayList<>(List.of(VectorKernels.scalar()));
        VectorKernels.vectorApi().ifPresent(fl::add);
        for (VectorKernel k : fl) {
            double best = Double.MAX_VALUE;
            double sink = 0;
            for (int run = 0; run < 30; run++) {
                long t = System.nanoTime();
                for (int rep = 0; rep < 20; rep++) {
                    for (int i = 0; i < rows; i++) {
                        sink += k.dot(floats, i * d, fq, 0, d);
                    }
                }
                best = Math.min(best, (System.nanoTime() - t) / (20.0 * rows));
            }
            report.row("float " + k.name() + (sink == 42 ? " " : ""), best, d * 4);
        }
    }

    /** What one set measured. */
    private record Result(String name, int n, double floatMs, double quantizedMs, double[] recall,
            double firstPassRecall, double floatBytes, double int8Bytes, double quantizeMicros) {
        double speedup() {
            return floatMs / quantizedMs;
        }

        double recallAtDefault() {
            for (int i = 0; i < OVERSAMPLING.length; i++) {
                if (OVERSAMPLING[i] == QuantizedSearch.DEFAULT_OVERSAMPLING) {
                    return recall[i];
                }
            }
            throw new IllegalStateException("the default oversampling is not among those measured");
        }
    }

    private Result measure(String name, float[][] data, float[][] queries, int passes) {
        System.out.printf("%s: building%n", name);
        SlotStore store = new SlotStore("bench/quantized");
        for (float[] v : data) {
            store.put(IndexedRow.bare(MemoryId.generate()), v);
        }
        long t0 = System.nanoTime();
        Int8Vectors codes = Int8Vectors.of(store);
        double quantizeMicros = (System.nanoTime() - t0) / 1e3 / data.length;

        int[][] truth = new int[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            truth[i] = floatTop(store, queries[i]);
        }
        double[] recall = new double[OVERSAMPLING.length];
        for (int o = 0; o < OVERSAMPLING.length; o++) {
            QuantizedSearch search = new QuantizedSearch(store, codes, int8Kernel, OVERSAMPLING[o]);
            for (int i = 0; i < queries.length; i++) {
                recall[o] += Stats.recall(truth[i], quantizedTop(search, store, queries[i]), K);
            }
            recall[o] /= queries.length;
        }
        double firstPass = 0;
        for (int i = 0; i < queries.length; i++) {
            firstPass += Stats.recall(truth[i], new ExactScan(store,
                    dev.agentmemory.index.QuantizedScorer.of(codes, queries[i], Metric.COSINE, int8Kernel), null, null,
                    0, Double.NEGATIVE_INFINITY, K).scan(0, store.end()).slotsBestFirst(), K);
        }
        firstPass /= queries.length;

        // Side by side: every query runs both ways, the order swapping every query, after a warm-up pass.
        QuantizedSearch search = new QuantizedSearch(store, codes, int8Kernel, QuantizedSearch.DEFAULT_OVERSAMPLING);
        int rounds = queries.length * passes;
        double[] floatMs = new double[rounds];
        double[] quantMs = new double[rounds];
        long sink = 0;
        for (int pass = -1; pass < passes; pass++) {
            for (int i = 0; i < queries.length; i++) {
                boolean floatFirst = (i + pass) % 2 == 0;
                long a = 0;
                long b = 0;
                for (int side = 0; side < 2; side++) {
                    long t = System.nanoTime();
                    if ((side == 0) == floatFirst) {
                        sink += floatTop(store, queries[i])[0];
                        a = System.nanoTime() - t;
                    } else {
                        sink += quantizedTop(search, store, queries[i])[0];
                        b = System.nanoTime() - t;
                    }
                }
                if (pass >= 0) {
                    floatMs[pass * queries.length + i] = a / 1e6;
                    quantMs[pass * queries.length + i] = b / 1e6;
                }
            }
        }
        // Per slot of capacity on both sides: the float store grows by half, the codes were sized to fit.
        double floatBytes = (store.vectors().length * 4.0 + store.norms().length * 4.0 + store.expires().length * 8.0)
                / store.capacity();
        double int8Bytes = (double) codes.bytes() / Math.max(1, codes.capacity());
        Result r = new Result(name + (sink == 42 ? " " : ""), data.length, Stats.median(floatMs),
                Stats.median(quantMs), recall, firstPass, floatBytes, int8Bytes, quantizeMicros);
        System.out.printf("%s: float %.2f ms, quantized %.2f ms, recall %s%n", name, r.floatMs(), r.quantizedMs(),
                Arrays.toString(recall));
        return r;
    }

    private void summary(List<Result> results) {
        StringBuilder candidates = new StringBuilder();
        for (int o : OVERSAMPLING) {
            candidates.append(candidates.length() == 0 ? "" : "/").append(QuantizedSearch.candidates(K, o));
        }
        report.line("");
        report.line("Oversampling " + Arrays.toString(OVERSAMPLING) + " keeps " + candidates + " candidates for the"
                + " top " + K + " (at least " + QuantizedSearch.MIN_CANDIDATES + "); the timed quantized search uses"
                + " the default, x" + QuantizedSearch.DEFAULT_OVERSAMPLING + ".");
        report.line("");
        report.table("set", "float scan ms (p50)", "quantized + rescore ms (p50)", "speed-up",
                "recall@10 by oversampling " + Arrays.toString(OVERSAMPLING), "recall@10 of the codes alone",
                "bytes/vector float (vector, norm, expiry)", "bytes/vector int8 (codes, factors, norm)",
                "quantize µs/vector");
        for (Result r : results) {
            StringBuilder rec = new StringBuilder();
            for (int i = 0; i < r.recall().length; i++) {
                rec.append(i == 0 ? "" : " / ").append(String.format("%.4f", r.recall()[i]));
            }
            report.row(r.name(), r.floatMs(), r.quantizedMs(), String.format("%.2fx", r.speedup()), rec.toString(),
                    String.format("%.4f", r.firstPassRecall()), r.floatBytes(), r.int8Bytes(), r.quantizeMicros());
        }
    }

    private int[] floatTop(SlotStore store, float[] q) {
        return new ExactScan(store, FloatVectorScorer.of(store, q, Metric.COSINE, floatKernel), null, null, 0, -1, K)
                .scan(0, store.end()).slotsBestFirst();
    }

    private int[] quantizedTop(QuantizedSearch search, SlotStore store, float[] q) {
        TopK top = search.search(q, Metric.COSINE, null, null, 0, -1, K,
                Rescorer.of(FloatVectorScorer.of(store, q, Metric.COSINE, floatKernel)), null, Integer.MAX_VALUE);
        return top.slotsBestFirst();
    }

    /** The 1-minute load average, or n/a off Linux: the machine is shared, and this says how busy it was. */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
