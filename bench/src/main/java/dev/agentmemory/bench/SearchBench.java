package dev.agentmemory.bench;

import com.github.jelmerk.knn.DistanceFunctions;
import com.github.jelmerk.knn.Item;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Confined to the harness thread: top-10 search over one data set, ours (exact scalar,
 * exact Vector API, exact on several threads, HNSW) against LangChain4j's in-memory store,
 * jelmerk hnswlib and Lucene's HNSW, with recall@10 against a brute-force oracle.
 */
final class SearchBench {
    static final int K = 10;
    static final int M = 16;
    static final int EF_CONSTRUCTION = 100;
    static final int[] EFS = {16, 32, 64, 128, 256};

    record Result(String impl, double medianMicros, double qps, double recall, String note) {}

    /** Which HNSW indexes a data set gets besides the exact scans. */
    enum Graphs {
        /** Exact scans only. */
        NONE,
        /** Ours only: the peers' builds would take too long at this size. */
        OURS,
        /** Ours, hnswlib-core and Lucene. */
        ALL
    }

    static final String OURS_HNSW = "ours HNSW";
    static final String HNSWLIB = "hnswlib-core";
    static final String LUCENE = "Lucene 9.12 HNSW";

    private final Report report;
    private final int threads;
    /** Build seconds by library and data set name ({@code library + " @ " + name}). */
    private final Map<String, Double> builds = new HashMap<>();

    SearchBench(Report report, int threads) {
        this.report = report;
        this.threads = threads;
    }

    /** Brute force in double precision, independent of the code under test. */
    static int[][] groundTruth(float[][] data, float[][] queries) {
        return IntStream.range(0, queries.length).parallel().mapToObj(qi -> {
            float[] q = queries[qi];
            double[] best = new double[K];
            int[] ids = new int[K];
            java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < data.length; i++) {
                double s = 0;
                float[] v = data[i];
                for (int d = 0; d < v.length; d++) {
                    s += (double) v[d] * q[d];
                }
                if (s > best[K - 1]) {
                    int j = K - 1;
                    while (j > 0 && best[j - 1] < s) {
                        best[j] = best[j - 1];
                        ids[j] = ids[j - 1];
                        j--;
                    }
                    best[j] = s;
                    ids[j] = i;
                }
            }
            return ids;
        }).toArray(int[][]::new);
    }

    /** Times {@code search} over the queries (one warm-up pass first) and scores its recall. */
    static Result time(String impl, float[][] queries, int[][] truth, int maxQueries, Function<float[], int[]> search,
            String note) {
        int n = Math.min(maxQueries, queries.length);
        for (int i = 0; i < Math.min(n, 20); i++) {
            search.apply(queries[i]);
        }
        long[] nanos = new long[n];
        double recall = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            int[] found = search.apply(queries[i]);
            nanos[i] = System.nanoTime() - t0;
            recall += Stats.recall(truth[i], found, K);
        }
        double median = Stats.percentile(nanos, n, 50) / 1000.0;
        return new Result(impl, median, 1e6 / median, recall / n, note);
    }

    /**
     * The seconds {@code library} ({@link #OURS_HNSW}, {@link #HNSWLIB} or {@link #LUCENE}) took
     * to build its graph over data set {@code name} in this run, or NaN if it did not build one.
     */
    double buildSeconds(String library, String name) {
        return builds.getOrDefault(library + " @ " + name, Double.NaN);
    }

    private String built(String library, String name, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        builds.put(library + " @ " + name, seconds);
        System.out.printf("  %s built over %s in %.1f s%n", library, name, seconds);
        return String.format("built in %.1f s, 1 thread", seconds);
    }

    /** Runs every implementation on one data set (vectors unit length) and reports them. */
    List<Result> run(String name, float[][] data, float[][] queries, Graphs graphs, double bandwidthGbs) {
        report.line("");
        report.line("### " + name + " (" + data.length + " x " + data[0].length + ", " + queries.length + " queries)");
        long t0 = System.nanoTime();
        int[][] truth = groundTruth(data, queries);
        System.out.printf("  ground truth in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // Each implementation is built in a method of its own and dropped when it returns: a local
        // of this method would stay reachable from its frame to the end (at 1M x 384 every index
        // holds 1.5 GB of vectors).
        List<Result> results = new ArrayList<>(exact(data, queries, truth));
        results.add(langChain4j(data, queries, truth));
        if (graphs != Graphs.NONE) {
            results.addAll(ours(name, data, queries, truth));
        }
        if (graphs == Graphs.ALL) {
            results.addAll(hnswlib(name, data, queries, truth));
            results.addAll(lucene(name, data, queries, truth));
        }
        report.table("implementation", "median latency (µs)", "queries/s (1 thread at a time)", "recall@10", "note");
        for (Result r : results) {
            report.row(r.impl(), r.medianMicros(), r.qps(), r.recall(), r.note());
            if (!r.impl().contains("ef=") || r.impl().contains("ef=64")) {
                report.bar("search queries per second: " + name, "queries/s", r.impl(), r.qps());
            }
        }
        double bytes = (double) data.length * data[0].length * 4;
        for (Result r : results) {
            if (r.impl().startsWith("ours exact")) {
                double gbs = bytes / (r.medianMicros() * 1e3);
                // Every row against the 1-thread loop; the targets compare N-thread scans with the N-thread loop.
                report.line(String.format("- %s scans %.1f GB/s = %.0f%% of the 1-thread reference read loop (%.1f GB/s)",
                        r.impl(), gbs, 100 * gbs / bandwidthGbs, bandwidthGbs));
            }
        }
        return results;
    }

    double[] memory;

    private List<Result> exact(float[][] data, float[][] queries, int[][] truth) {
        int n = data.length >= 500_000 ? 20 : 100;
        List<Result> out = new ArrayList<>();
        try (BenchIndex exact = BenchIndex.build(data, 0, 0, threads)) {
            out.add(time("ours exact, scalar, 1 thread", queries, truth, n, q -> exact.exact(q, K, false, false), ""));
            if (BenchIndex.vectorApiAvailable()) {
                out.add(time("ours exact, Vector API, 1 thread", queries, truth, n,
                        q -> exact.exact(q, K, true, false), ""));
                out.add(time("ours exact, Vector API, " + threads + " threads", queries, truth, n,
                        q -> exact.exact(q, K, true, true), ""));
            } else {
                out.add(time("ours exact, scalar, " + threads + " threads", queries, truth, n,
                        q -> exact.exact(q, K, false, true), ""));
            }
            report.point("memory", "exact index", data.length, exact.bytesPerVector(false));
        }
        return out;
    }

    private List<Result> ours(String name, float[][] data, float[][] queries, int[][] truth) {
        List<Result> out = new ArrayList<>();
        long t0 = System.nanoTime();
        try (BenchIndex hnsw = BenchIndex.build(data, M, EF_CONSTRUCTION, threads)) {
            String build = built(OURS_HNSW, name, t0);
            for (int ef : EFS) {
                Result r = time(OURS_HNSW + " ef=" + ef, queries, truth, queries.length, q -> hnsw.hnsw(q, K, ef),
                        build);
                out.add(r);
                report.point("recall vs QPS: " + name, OURS_HNSW, r.recall(), r.qps());
            }
            memory = new double[] {hnsw.bytesPerVector(false), hnsw.bytesPerVector(true)};
        }
        return out;
    }

    private Result langChain4j(float[][] data, float[][] queries, int[][] truth) {
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        List<Embedding> embeddings = new ArrayList<>(data.length);
        for (float[] v : data) {
            embeddings.add(Embedding.from(v));
        }
        List<String> ids = store.addAll(embeddings);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        return time("LangChain4j InMemoryEmbeddingStore", queries, truth, data.length >= 100_000 ? 30 : 100, q -> {
            List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(Embedding.from(q)).maxResults(K).build()).matches();
            int[] out = new int[matches.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = position.get(matches.get(i).embeddingId());
            }
            return out;
        }, "exact, 1 thread");
    }

    private record PeerItem(Integer id, float[] vector) implements Item<Integer, float[]> {
        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    private List<Result> hnswlib(String name, float[][] data, float[][] queries, int[][] truth) {
        List<Result> out = new ArrayList<>();
        long t0 = System.nanoTime();
        HnswIndex<Integer, float[], PeerItem, Float> index = HnswIndex
                .newBuilder(data[0].length, DistanceFunctions.FLOAT_INNER_PRODUCT, data.length)
                .withM(M).withEfConstruction(EF_CONSTRUCTION).withEf(64).build();
        for (int i = 0; i < data.length; i++) {
            index.add(new PeerItem(i, data[i]));
        }
        String build = built(HNSWLIB, name, t0);
        for (int ef : EFS) {
            index.setEf(ef);
            Result r = time(HNSWLIB + " ef=" + ef, queries, truth, queries.length, q -> {
                List<SearchResult<PeerItem, Float>> found = index.findNearest(q, K);
                int[] ids = new int[found.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = found.get(i).item().id();
                }
                return ids;
            }, build);
            out.add(r);
            report.point("recall vs QPS: " + name, "jelmerk hnswlib-core", r.recall(), r.qps());
        }
        return out;
    }

    private List<Result> lucene(String name, float[][] data, float[][] queries, int[][] truth) {
        List<Result> out = new ArrayList<>();
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            long t0 = System.nanoTime();
            IndexWriterConfig cfg = new IndexWriterConfig().setRAMBufferSizeMB(4096);
            try (IndexWriter writer = new IndexWriter(dir, cfg)) {
                for (float[] v : data) {
                    Document doc = new Document();
                    doc.add(new KnnFloatVectorField("v", v, VectorSimilarityFunction.DOT_PRODUCT));
                    writer.addDocument(doc);
                }
                writer.forceMerge(1);
            }
            String build = built(LUCENE, name, t0) + " (M=16, beam 100 are Lucene's defaults)";
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int ef : EFS) {
                    Result r = time(LUCENE + " ef=" + ef, queries, truth, queries.length, q -> {
                        try {
                            TopDocs td = searcher.search(new KnnFloatVectorQuery("v", q, Math.max(ef, K)), K);
                            int[] ids = new int[Math.min(K, td.scoreDocs.length)];
                            for (int i = 0; i < ids.length; i++) {
                                ScoreDoc sd = td.scoreDocs[i];
                                ids[i] = sd.doc; // one segment, no deletes: doc id = insertion order
                            }
                            return ids;
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, build);
                    out.add(r);
                    report.point("recall vs QPS: " + name, LUCENE, r.recall(), r.qps());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
