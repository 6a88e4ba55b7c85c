package dev.agentmemory.bench;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Confined to the calling thread: JVector (the ANN library inside Cassandra 5) beside our HNSW,
 * both in one child JVM on a newer JDK. JVector's jar runs on 11+, but its SIMD code (the Vector
 * API) is only in the part for JDK 20 and later; on 17 it would fall back to scalar loops, which
 * would not be JVector at its best. So the harness starts this class on JDK 25 (with
 * {@code --add-modules jdk.incubator.vector}) and ours runs beside it in the same JVM, same
 * data, same queries: the ratio of the two does not depend on the JDK.
 */
final class JVectorCell {
    /** JVector is a single-layer (Vamana) graph: its degree matches HNSW's bottom layer, 2 x M. */
    static final int MAX_DEGREE = 2 * SearchBench.M;
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private JVectorCell() {}

    /** Child entry point: {@code vectorsFile}; prints one {@code RESULT} line per configuration. */
    public static void main(String[] args) throws Exception {
        float[][] real = RealVectors.readVectors(Path.of(args[0]));
        float[][] data = Stats.normalised(Arrays.copyOf(real, real.length - 200));
        float[][] queries = Stats.normalised(Arrays.copyOfRange(real, real.length - 200, real.length));
        int[][] truth = SearchBench.groundTruth(data, queries);
        int threads = Runtime.getRuntime().availableProcessors();
        String jdk = "JDK " + Runtime.version().feature();
        List<SearchBench.Result> out = new ArrayList<>();
        long t0 = System.nanoTime();
        try (BenchIndex hnsw = BenchIndex.build(data, SearchBench.M, SearchBench.EF_CONSTRUCTION, threads)) {
            String build = String.format(Locale.ROOT, "built in %.1f s, 1 thread, %s", (System.nanoTime() - t0) / 1e9, jdk);
            for (int ef : SearchBench.EFS) {
                out.add(SearchBench.time(SearchBench.OURS_HNSW + " ef=" + ef + " (" + jdk + ")", queries, truth,
                        queries.length, q -> hnsw.hnsw(q, SearchBench.K, ef), build));
            }
        }
        out.addAll(jvector(data, queries, truth, jdk));
        for (SearchBench.Result r : out) {
            System.out.println(String.format(Locale.ROOT, "RESULT\t%s\t%f\t%f\t%f\t%s", r.impl(), r.medianMicros(),
                    r.qps(), r.recall(), r.note()));
        }
        System.out.flush();
    }

    private static List<SearchBench.Result> jvector(float[][] data, float[][] queries, int[][] truth, String jdk)
            throws IOException {
        List<VectorFloat<?>> vectors = new ArrayList<>(data.length);
        for (float[] v : data) {
            vectors.add(VTS.createFloatVector(v));
        }
        ListRandomAccessVectorValues ravv = new ListRandomAccessVectorValues(vectors, data[0].length);
        BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
        long t0 = System.nanoTime();
        // One thread for the build, as every other library here builds.
        ForkJoinPool one = new ForkJoinPool(1);
        OnHeapGraphIndex index;
        try (GraphIndexBuilder builder = new GraphIndexBuilder(bsp, data[0].length, MAX_DEGREE,
                SearchBench.EF_CONSTRUCTION, 1.2f, 1.2f, one, one)) {
            index = builder.build(ravv);
        } finally {
            one.shutdown();
        }
        String build = String.format(Locale.ROOT, "built in %.1f s, 1 thread, max degree %d, beam %d, %s, %s",
                (System.nanoTime() - t0) / 1e9, MAX_DEGREE, SearchBench.EF_CONSTRUCTION, jdk,
                VectorizationProvider.getInstance().getClass().getSimpleName());
        List<SearchBench.Result> out = new ArrayList<>();
        try (GraphSearcher searcher = new GraphSearcher(index)) {
            for (int ef : SearchBench.EFS) {
                out.add(SearchBench.time("JVector 3.0.6 ef=" + ef + " (" + jdk + ")", queries, truth, queries.length,
                        q -> {
                            SearchScoreProvider ssp = SearchScoreProvider.exact(VTS.createFloatVector(q),
                                    VectorSimilarityFunction.DOT_PRODUCT, ravv);
                            SearchResult r = searcher.search(ssp, SearchBench.K, Math.max(ef, SearchBench.K), 0f, 0f,
                                    Bits.ALL);
                            SearchResult.NodeScore[] nodes = r.getNodes();
                            int[] ids = new int[nodes.length];
                            for (int i = 0; i < ids.length; i++) {
                                ids[i] = nodes[i].node; // built in order: node id = position
                            }
                            return ids;
                        }, build));
            }
        }
        return out;
    }

    /** The newer JDK to run on: {@code JDK25_HOME}, else a JDK 25 in Debian's JVM folder, else null. */
    static Path newerJava() {
        String env = System.getenv("JDK25_HOME");
        if (env != null && !env.isBlank()) {
            Path java = Path.of(env, "bin", "java");
            return Files.isExecutable(java) ? java : null;
        }
        try (java.util.stream.Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            return homes.filter(h -> h.getFileName().toString().matches(".*(-|jdk|java)25([-.].*)?"))
                    .map(h -> h.resolve("bin").resolve("java")).filter(Files::isExecutable).sorted().findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Runs {@link #main} in a child JVM on {@code java} over the cached vectors, bounded.
     *
     * @return the results, or none (with the child's output on stderr) if it failed
     */
    static List<SearchBench.Result> run(Path java, Path vectorsFile) throws Exception {
        Process p = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector", "-Xmx4g", "-cp",
                System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                JVectorCell.class.getName(), vectorsFile.toString()).redirectErrorStream(true).start();
        String text;
        try (InputStream in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            System.err.println("JVector cell failed:\n" + text);
            return List.of();
        }
        List<SearchBench.Result> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("RESULT\t")) {
                String[] f = line.split("\t", 6);
                out.add(new SearchBench.Result(f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), f[5]));
            }
        }
        return out;
    }
}
