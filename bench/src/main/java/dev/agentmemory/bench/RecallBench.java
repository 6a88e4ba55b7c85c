package dev.agentmemory.bench;

import dev.agentmemory.Embedder;
import dev.agentmemory.Fusion;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Ranking;
import dev.agentmemory.Search;
import dev.agentmemory.SearchMode;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.bench.recall.RecallSet;
import dev.agentmemory.embeddings.onnx.LocalEmbedder;
import dev.agentmemory.embeddings.onnx.LocalModel;
import dev.agentmemory.rank.Rankings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Confined to the harness thread: retrieval quality on a labelled conversation set, measured
 * through the public API. Every turn is a memory of its conversation's namespace in a real SQLite
 * file (exact deduplication off, so repeated small talk stays separate turns), written on the
 * store's clock at its session's day; every question is a text search of its conversation's
 * namespace, asked a day after the last session. For each embedder and each ranking it reports
 * recall@5, recall@10 (the share of a question's evidence turns in the top k, averaged over
 * questions) and nDCG@10 (binary relevance), over all questions and over those whose fact changed.
 *
 * <p>Each {@link Mode} (vector, keyword, hybrid by reciprocal rank, hybrid by weighted scores)
 * runs the same loop over the same store. See docs/BENCHMARKS.md, "Retrieval quality".
 */
final class RecallBench {
    private static final String TENANT = "bench";
    private static final Instant DAY_ZERO = Instant.parse("2026-01-05T09:00:00Z");

    /**
     * How a question becomes a search. Every mode is named explicitly: {@link Search#text} alone
     * is {@link SearchMode#AUTO}, which is hybrid on a backend with a keyword index, so a row
     * labelled vector must say so.
     */
    enum Mode {
        VECTOR("vector") {
            @Override
            Search search(String question) {
                return Search.text(question).mode(SearchMode.VECTOR);
            }
        },
        KEYWORD("keyword") {
            @Override
            Search search(String question) {
                return Search.keyword(question);
            }
        },
        HYBRID_RRF("hybrid, RRF k=60") {
            @Override
            Search search(String question) {
                return Search.text(question).mode(SearchMode.HYBRID).fusion(Fusion.reciprocalRank());
            }
        },
        HYBRID_WEIGHTED("hybrid, weighted 0.5") {
            @Override
            Search search(String question) {
                return Search.text(question).mode(SearchMode.HYBRID).fusion(Fusion.weighted(0.5));
            }
        };

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** The mode's name in the report. */
        String label() {
            return label;
        }

        abstract Search search(String question);
    }

    /** Every mode, vector first so each table opens with the baseline the others compare to. */
    static final List<Mode> ALL_MODES = List.of(Mode.values());

    /** A ranking configuration: a name and the steps given to {@link Search#rank}. */
    record Config(String name, Ranking... steps) {}

    /** The rankings measured; parameters chosen once, by reasoning, and not tuned on any set. */
    static final List<Config> CONFIGS = List.of(
            new Config("no ranking step"),
            new Config("recency (half-life 60 d, weight 0.5)", Rankings.recency(Duration.ofDays(60)).weight(0.5)),
            new Config("importance (1-10, weight 0.5)", Rankings.importance(Importance.KEY).range(1, 10).weight(0.5)),
            new Config("recency + importance", Rankings.recency(Duration.ofDays(60)).weight(0.5),
                    Rankings.importance(Importance.KEY).range(1, 10).weight(0.5)),
            new Config("MMR (lambda 0.7)", Rankings.mmr(0.7)),
            new Config("reranker: query-word overlap", Rankings.rerank(new WordOverlapReranker())));

    /** One measured cell. */
    record Row(String embedder, String mode, String config, double recall5, double recall10, double ndcg10,
            double updateRecall10, double searchMs) {}

    private final Path work;

    RecallBench(Path work) {
        this.work = work;
    }

    /**
     * Measures every embedder under each of {@code modes} with every {@link #CONFIGS} entry; the
     * turns are written once per embedder and every mode searches the same store.
     */
    List<Row> run(RecallSet set, List<? extends Embedder> embedders, List<Mode> modes, Map<String, Double> msPerTurn,
            Map<String, Double> msPerQuery) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Embedder model : embedders) {
            QueryCache embedder = new QueryCache(model);
            MovableClock clock = new MovableClock(DAY_ZERO);
            Path db = work.resolve("recall-" + model.name().replaceAll("[^A-Za-z0-9.]+", "-") + ".db");
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(db + suffix));
            }
            try (MemoryStore store = MemoryStores.open(StoreConfig.builder("sqlite:" + db).embedder(embedder)
                    .clock(clock).build())) {
                long t0 = System.nanoTime();
                load(store, set, clock);
                msPerTurn.put(embedder.name(), (System.nanoTime() - t0) / 1e6 / set.turns().size());
                msPerQuery.put(embedder.name(), embedder.warm(set.questions().stream().map(RecallSet.Question::text)
                        .toList()));
                clock.set(day(RecallSet.questionDay()));
                for (Mode mode : modes) {
                    for (Config config : CONFIGS) {
                        rows.add(measure(store, set, embedder, mode, config));
                    }
                }
            }
        }
        return rows;
    }

    /** Writes each conversation's sessions in order, each on its own day of the clock. */
    private static void load(MemoryStore store, RecallSet set, MovableClock clock) {
        for (Map.Entry<String, List<RecallSet.Turn>> conv : set.byConversation().entrySet()) {
            Namespace ns = namespace(store, conv.getKey());
            Map<Integer, List<MemoryDraft>> sessions = new LinkedHashMap<>();
            Map<Integer, Integer> days = new LinkedHashMap<>();
            for (RecallSet.Turn t : conv.getValue()) {
                sessions.computeIfAbsent(t.session(), k -> new ArrayList<>()).add(MemoryDraft.of(t.text())
                        .metadata("turn", t.id()).metadata("role", t.role())
                        .metadata(Importance.KEY, Importance.rate(t.text())));
                days.put(t.session(), t.day());
            }
            for (Map.Entry<Integer, List<MemoryDraft>> s : sessions.entrySet()) {
                clock.set(day(days.get(s.getKey())));
                ns.putAll(s.getValue());
            }
        }
    }

    private static Row measure(MemoryStore store, RecallSet set, Embedder embedder, Mode mode, Config config) {
        double r5 = 0;
        double r10 = 0;
        double ndcg = 0;
        double updates = 0;
        int updateCount = 0;
        long nanos = 0;
        for (RecallSet.Question q : set.questions()) {
            Search search = mode.search(q.text()).topK(10).rank(config.steps());
            long t0 = System.nanoTime();
            List<Match> hits = namespace(store, q.conversation()).search(search);
            nanos += System.nanoTime() - t0;
            List<String> found = new ArrayList<>();
            for (Match m : hits) {
                found.add((String) m.memory().metadata().get("turn").orElseThrow());
            }
            Set<String> evidence = Set.copyOf(q.evidence());
            r5 += recall(found, evidence, 5);
            double at10 = recall(found, evidence, 10);
            r10 += at10;
            ndcg += ndcg(found, evidence, 10);
            if (q.category().equals("update")) {
                updates += at10;
                updateCount++;
            }
        }
        int n = set.questions().size();
        return new Row(embedder.name(), mode.label(), config.name(), r5 / n, r10 / n, ndcg / n,
                updateCount == 0 ? Double.NaN : updates / updateCount, nanos / 1e6 / n);
    }

    private static Namespace namespace(MemoryStore store, String conversation) {
        return store.namespace(TENANT, conversation, NamespaceOptions.defaults().exactDedup(false));
    }

    static double recall(List<String> found, Set<String> evidence, int k) {
        int hit = 0;
        for (int i = 0; i < Math.min(k, found.size()); i++) {
            hit += evidence.contains(found.get(i)) ? 1 : 0;
        }
        return (double) hit / evidence.size();
    }

    static double ndcg(List<String> found, Set<String> evidence, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, found.size()); i++) {
            dcg += evidence.contains(found.get(i)) ? 1 / log2(i + 2) : 0;
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, evidence.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static Instant day(int day) {
        return DAY_ZERO.plus(Duration.ofDays(day));
    }

    /**
     * The harness's section: every local model in every mode on the committed set
     * ({@code quick}: MiniLM on a two-conversation set).
     */
    static void section(Report report, Path work, boolean quick) throws IOException {
        List<LocalModel> models = quick ? List.of(LocalModel.ALL_MINILM_L6_V2) : List.of(LocalModel.values());
        new RecallBench(work).measureInto(report, quick, models, ALL_MODES);
    }

    /** Runs {@code models} under {@code modes} and writes the section into {@code report}. */
    List<Row> measureInto(Report report, boolean quick, List<LocalModel> models, List<Mode> modes)
            throws IOException {
        RecallSet set = quick ? RecallSet.generate(14, 2) : RecallSet.committed();
        Map<String, Double> msPerTurn = new LinkedHashMap<>();
        Map<String, Double> msPerQuery = new LinkedHashMap<>();
        List<Row> rows = run(set, models.stream().map(LocalEmbedder::shared).toList(), modes, msPerTurn,
                msPerQuery);
        report(report, set, rows, msPerTurn, msPerQuery);
        return rows;
    }

    /**
     * Writes the section into {@code report}: the table, a summary of each mode against vector
     * search, and bar charts of recall@10 (embedders in vector mode; modes of each embedder).
     */
    static void report(Report report, RecallSet set, List<Row> rows, Map<String, Double> msPerTurn,
            Map<String, Double> msPerQuery) {
        report.line("");
        report.line("## Retrieval quality (constructed conversation set)");
        report.line("");
        report.line(String.format("%d conversations, %d turns (one memory each), %d questions (%d about a fact that"
                        + " changed); every question a search of its conversation's namespace, top 10, on SQLite, in"
                        + " each mode: vector (`Search.text(q).mode(VECTOR)`), keyword (`Search.keyword(q)`, the"
                        + " backend's FTS5 `bm25()`), hybrid by reciprocal rank (k = 60, the default) and hybrid by"
                        + " weighted normalised scores (vector weight 0.5); each with every ranking. The set is"
                        + " constructed from hand-written templates (see `RecallSet`); compare rows, do not read the"
                        + " figures as real-dialogue quality.",
                set.byConversation().size(), set.turns().size(), set.questions().size(),
                set.questions().stream().filter(q -> q.category().equals("update")).count()));
        report.line("");
        report.table("embedder", "mode", "ranking", "recall@5", "recall@10", "nDCG@10", "recall@10 (changed facts)",
                "ms per search (query vector cached)");
        for (Row r : rows) {
            report.row(r.embedder(), r.mode(), r.config(), r.recall5(), r.recall10(), r.ndcg10(), r.updateRecall10(),
                    r.searchMs());
            if (r.mode().equals(Mode.VECTOR.label())) {
                report.bar("retrieval recall@10 by embedder and ranking", r.embedder(), r.config(), r.recall10());
            }
            report.bar("retrieval recall@10 by mode and ranking, " + r.embedder(), r.mode(), r.config(),
                    r.recall10());
        }
        report.line("");
        report.table("embedder", "mode", "recall@10, no ranking step", "vs vector", "best ranking in this mode",
                "its recall@10");
        for (Row r : rows) {
            if (r.config().equals(CONFIGS.get(0).name())) {
                Row vector = rows.stream().filter(v -> v.embedder().equals(r.embedder())
                        && v.mode().equals(Mode.VECTOR.label()) && v.config().equals(r.config())).findFirst()
                        .orElse(null);
                Row best = rows.stream().filter(b -> b.embedder().equals(r.embedder()) && b.mode().equals(r.mode()))
                        .max(Comparator.comparingDouble(Row::recall10)).orElseThrow();
                report.row(r.embedder(), r.mode(), r.recall10(), vector == null ? "" : String.format("%+.3f",
                        r.recall10() - vector.recall10()), best.config(), best.recall10());
            }
        }
        report.line("");
        report.table("embedder", "ingest ms per turn (embedding + putAll)", "ms per query embedding");
        msPerTurn.forEach((name, ms) -> report.row(name, ms, msPerQuery.getOrDefault(name, Double.NaN)));
    }

    /**
     * Runs the section alone: {@code RecallBench [--models minilm,bge-small,e5-small]
     * [--modes vector,keyword,hybrid_rrf,hybrid_weighted] [--quick]}; writes
     * {@code bench/results/recall-quality.md}, its TSV and charts.
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<LocalModel> models = new ArrayList<>(List.of(LocalModel.values()));
        List<Mode> modes = new ArrayList<>(ALL_MODES);
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--models") && i + 1 < args.length) {
                models.clear();
                for (String name : args[++i].split(",")) {
                    models.add(LocalModel.fromName(name));
                }
            } else if (args[i].equals("--modes") && i + 1 < args.length) {
                modes.clear();
                for (String name : args[++i].split(",")) {
                    modes.add(Mode.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                }
            } else if (args[i].equals("--quick")) {
                quick = true;
            } else {
                System.err.println("unknown argument '" + args[i] + "'; RecallBench takes --models a,b, --modes"
                        + " vector,keyword,hybrid_rrf,hybrid_weighted and --quick");
                System.exit(2);
            }
        }
        Path results = Path.of("bench/results");
        Path work = Path.of("bench/target/work");
        Files.createDirectories(results);
        Files.createDirectories(work);
        Report report = new Report();
        List<Row> rows = new RecallBench(work).measureInto(report, quick, models, modes);
        for (String chart : Charts.write(report, results)) {
            report.line("");
            report.line("![" + chart + "](" + chart + ")");
        }
        Files.writeString(results.resolve("recall-quality.md"), report.md.toString());
        StringBuilder tsv = new StringBuilder("embedder\tmode\tranking\trecall@5\trecall@10\tndcg@10\t"
                + "recall@10_changed\tms_per_search\n");
        for (Row r : rows) {
            tsv.append(String.join("\t", r.embedder(), r.mode(), r.config(), String.valueOf(r.recall5()),
                    String.valueOf(r.recall10()), String.valueOf(r.ndcg10()), String.valueOf(r.updateRecall10()),
                    String.valueOf(r.searchMs()))).append('\n');
        }
        Files.writeString(results.resolve("recall-quality.tsv"), tsv);
        System.out.println("wrote " + results.resolve("recall-quality.md"));
    }

    /** Thread-safe: a clock the loader moves from session to session; read by the store's threads. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
