package dev.agentmemory.bench;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Search;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Confined to its main thread: keyword search's costs on SQLite, side by side in one run.
 *
 * <ol>
 *   <li>Search: top-10 latency of vector-only, keyword-only and hybrid searches over the same
 *       namespace of 10k and 100k memories (384-d random unit vectors; texts of 12 words drawn
 *       from a Zipf distribution over a 20,000-word vocabulary, so common words match many
 *       memories and rare words few), interleaved query by query after a warm-up.
 *   <li>Ingest: {@code putAll} of the same memories into a fresh file with the FTS5 keyword
 *       index, and into one whose keyword tables were replaced by views that discard their
 *       rows (the same schema for the memories, writing no keyword rows): a warm-up cell of
 *       each, then three rounds in the order A B B A to spread drift; medians compared.
 * </ol>
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.agentmemory.bench.HybridBench [sizes...] [--ingest N] [--no-search]
 * }</pre>
 */
public final class HybridBench {
    private static final int DIM = 384;
    private static final int WORDS_PER_TEXT = 12;
    private static final int VOCABULARY = 20_000;
    private static final int BATCH = 1_000;
    private static final int QUERIES = 300;
    private static final int WARMUP = 100;
    private static final int INGEST_ROUNDS = 3;

    private final Random random = new Random(42);
    private final double[] zipf = zipfCdf(VOCABULARY);

    private HybridBench() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int ingest = 20_000;
        boolean searches = true;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-search")) {
                searches = false;
            } else if (args[i].equals("--ingest")) {
                ingest = Integer.parseInt(args[++i]);
            } else {
                sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000);
        }
        Path work = Path.of("bench", "target", "work", searches ? "hybrid" : "hybrid-ingest");
        PostgresServer.delete(work);
        Files.createDirectories(work);
        System.out.println("# Keyword search on SQLite (" + Machine.describe() + ")");
        System.out.println();
        System.out.println("| memories | mode | p50 ms | p90 ms | mean ms | vs vector p50 |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        HybridBench bench = new HybridBench();
        for (int size : searches ? sizes : List.<Integer>of()) {
            bench.search(work.resolve("search-" + size + ".db"), size);
        }
        System.out.println();
        bench.ingest(work, ingest);
    }

    private void search(Path file, int size) {
        try (MemoryStore store = MemoryStores.open("sqlite:" + file)) {
            Namespace ns = store.namespace("bench", "hybrid", NamespaceOptions.defaults().exactDedup(false));
            for (int from = 0; from < size; from += BATCH) {
                ns.putAll(drafts(Math.min(BATCH, size - from)));
            }
            List<float[]> vectors = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < WARMUP + QUERIES; i++) {
                vectors.add(unit());
                texts.add(text(3));
            }
            long[][] nanos = new long[3][QUERIES];
            for (int i = 0; i < WARMUP + QUERIES; i++) {
                Search[] searches = {Search.vector(vectors.get(i)).topK(10), Search.keyword(texts.get(i)).topK(10),
                        Search.hybrid(vectors.get(i), texts.get(i)).topK(10)};
                for (int mode = 0; mode < 3; mode++) {
                    // Rotate which mode goes first, so none always runs on a cache the other warmed.
                    int m = (mode + i) % 3;
                    long t0 = System.nanoTime();
                    int found = ns.search(searches[m]).size();
                    long t = System.nanoTime() - t0;
                    if (found == 0 && m != 1) {
                        throw new IllegalStateException("a " + m + " search found nothing");
                    }
                    if (i >= WARMUP) {
                        nanos[m][i - WARMUP] = t;
                    }
                }
            }
            String[] names = {"vector", "keyword", "hybrid"};
            double vectorP50 = Stats.percentile(nanos[0], QUERIES, 50);
            for (int m = 0; m < 3; m++) {
                double p50 = Stats.percentile(nanos[m], QUERIES, 50);
                double mean = java.util.Arrays.stream(nanos[m]).average().orElse(0);
                System.out.printf("| %,d | %s | %.2f | %.2f | %.2f | %.2fx |%n", size, names[m], p50 / 1e6,
                        Stats.percentile(nanos[m], QUERIES, 90) / 1e6, mean / 1e6, p50 / vectorP50);
            }
        }
    }

    private void ingest(Path work, int n) throws Exception {
        List<List<MemoryDraft>> batches = new ArrayList<>();
        for (int from = 0; from < n; from += BATCH) {
            batches.add(drafts(Math.min(BATCH, n - from)));
        }
        // A first cell of each kind warms the JIT and the file system and is not counted (a
        // fresh JVM's first cell is the slow one, whichever it is); then A B B A rounds.
        ingestOnce(work.resolve("warm-with.db"), batches, true);
        ingestOnce(work.resolve("warm-without.db"), batches, false);
        double[] with = new double[2 * INGEST_ROUNDS];
        double[] without = new double[2 * INGEST_ROUNDS];
        for (int r = 0; r < INGEST_ROUNDS; r++) {
            with[2 * r] = ingestOnce(work.resolve("with-" + r + "a.db"), batches, true);
            without[2 * r] = ingestOnce(work.resolve("without-" + r + "a.db"), batches, false);
            without[2 * r + 1] = ingestOnce(work.resolve("without-" + r + "b.db"), batches, false);
            with[2 * r + 1] = ingestOnce(work.resolve("with-" + r + "b.db"), batches, true);
        }
        double w = median(with);
        double wo = median(without);
        System.out.printf("| putAll of %,d memories (batches of %,d) | seconds (%d rounds A B B A, after a warm-up"
                + " cell of each) | median |%n", n, BATCH, INGEST_ROUNDS);
        System.out.println("|---|---|---:|");
        System.out.printf("| with keyword rows (FTS5) | %s | %.2f |%n", list(with), w);
        System.out.printf("| without keyword rows | %s | %.2f |%n", list(without), wo);
        System.out.printf("| cost of keyword rows (ratio of medians) | | %+.0f%% |%n", (w / wo - 1) * 100);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String list(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(s.length() == 0 ? "" : ", ").append(String.format("%.2f", v));
        }
        return s.toString();
    }

    private static double ingestOnce(Path file, List<List<MemoryDraft>> batches, boolean keywords) throws Exception {
        // Open once to create the schema, then (for "without") take the keyword index out: the
        // same tables and indexes for the memories, minus the keyword work per insert.
        MemoryStores.open("sqlite:" + file).close();
        if (!keywords) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                for (String statement : WITHOUT_KEYWORDS) {
                    st.execute(statement);
                }
            }
        }
        try (MemoryStore store = MemoryStores.open("sqlite:" + file)) {
            Namespace ns = store.namespace("bench", "ingest", NamespaceOptions.defaults().exactDedup(false));
            long t0 = System.nanoTime();
            for (List<MemoryDraft> batch : batches) {
                ns.putAll(batch);
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /**
     * The keyword index replaced by empty views that discard what is inserted into them: the
     * store writes a batch's keyword rows itself (no trigger to drop), so its two inserts meet
     * a do-nothing {@code INSTEAD OF} trigger per row here. That trigger costs a little, which
     * this side's time includes: the cost of keyword rows is, if anything, understated by it.
     */
    private static final List<String> WITHOUT_KEYWORDS = List.of(
            "DROP TRIGGER memories_keywords_update",
            "DROP TRIGGER memories_keywords_delete",
            "DROP TABLE memory_keywords_vocab",
            "DROP TABLE memory_keywords",
            "DROP TABLE memory_keyword_rows",
            "CREATE VIEW memory_keywords (rowid, content, tenant, memory_id) AS SELECT 0, '', '', '' WHERE 0",
            "CREATE TRIGGER memory_keywords_discard INSTEAD OF INSERT ON memory_keywords BEGIN SELECT 1; END",
            "CREATE VIEW memory_keyword_rows (tenant, memory_id, keyword_rowid) AS SELECT '', '', 0 WHERE 0",
            "CREATE TRIGGER memory_keyword_rows_discard INSTEAD OF INSERT ON memory_keyword_rows BEGIN SELECT 1; END");

    private List<MemoryDraft> drafts(int n) {
        List<MemoryDraft> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(MemoryDraft.of(text(WORDS_PER_TEXT)).embedding(unit()));
        }
        return out;
    }

    private String text(int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(i == 0 ? "" : " ").append(word(rank()));
        }
        return s.toString();
    }

    private int rank() {
        int i = java.util.Arrays.binarySearch(zipf, random.nextDouble());
        return Math.min(VOCABULARY - 1, i >= 0 ? i : -i - 1);
    }

    /** A pronounceable pseudo-word per rank, so the tokenizer sees ordinary letters. */
    private static String word(int rank) {
        String consonants = "bcdfghklmnprstvz";
        String vowels = "aeiou";
        StringBuilder w = new StringBuilder();
        int r = rank + 1;
        while (r > 0) {
            w.append(consonants.charAt(r % consonants.length())).append(vowels.charAt((r / 16) % vowels.length()));
            r /= 80;
        }
        return w.toString();
    }

    private float[] unit() {
        float[] v = new float[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIM; i++) {
            v[i] *= inv;
        }
        return v;
    }

    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }
}
