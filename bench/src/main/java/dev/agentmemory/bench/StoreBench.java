package dev.agentmemory.bench;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Confined to the harness thread: concurrency, ingest, index load and freshness on real stores. */
final class StoreBench {
    static final int DIM = 384;
    private final Report report;
    private final Path dir;

    StoreBench(Report report, Path dir) {
        this.report = report;
        this.dir = dir;
    }

    static float[] vector(Random r) {
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
            v[d] = (float) r.nextGaussian();
        }
        return v;
    }

    private static final class Ours implements Workload.Target {
        private final MemoryStore store;
        private final Namespace ns;
        private final MemoryId[] keys;

        Ours(MemoryStore store, MemoryId[] keys) {
            this.store = store;
            this.ns = store.namespace("bench", "concurrency");
            this.keys = keys;
        }

        @Override
        public void get(int key) {
            ns.get(keys[key]);
        }

        @Override
        public void put(String id, String content, float[] embedding) {
            ns.put(MemoryDraft.of(content).embedding(embedding));
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** Section 1: N threads, 80% get / 20% put, ours against the three workarounds. */
    double[] concurrency(int[] threadCounts, long millis, int preload) throws Exception {
        report.line("");
        report.line("## Concurrency: one SQLite file, 80% get / 20% put, " + millis / 1000.0 + " s per cell");
        report.line("");
        report.line("Each implementation starts from its own file preloaded with " + preload + " rows of 384-d"
                + " embeddings; gets pick a preloaded key at random, puts insert a new row.");
        report.line("");
        Random r = new Random(1);
        Path oursFile = dir.resolve("concurrency-ours.db");
        Path plainFile = dir.resolve("concurrency-plain.db");
        deleteDb(oursFile);
        deleteDb(plainFile);
        MemoryId[] oursKeys = new MemoryId[preload];
        String[] plainKeys = new String[preload];
        try (MemoryStore s = MemoryStores.open(StoreConfig.builder("sqlite:" + oursFile).historyVersions(0).build())) {
            Namespace ns = s.namespace("bench", "concurrency");
            for (int from = 0; from < preload; from += 1000) {
                List<MemoryDraft> drafts = new ArrayList<>();
                for (int i = from; i < Math.min(preload, from + 1000); i++) {
                    drafts.add(MemoryDraft.of("preloaded " + i).embedding(vector(r)));
                }
                List<MemoryId> ids = ns.putAll(drafts);
                for (int i = 0; i < ids.size(); i++) {
                    oursKeys[from + i] = ids.get(i);
                }
            }
        }
        try (java.sql.Connection c = Baselines.open(plainFile.toString())) {
            c.createStatement().execute(Baselines.SCHEMA);
            c.setAutoCommit(false);
            for (int i = 0; i < preload; i++) {
                plainKeys[i] = java.util.UUID.randomUUID().toString();
                Baselines.put(c, plainKeys[i], "preloaded " + i, vector(r));
            }
            c.commit();
        }
        report.table("threads", "implementation", "ops/s", "p50 (µs)", "p99 (µs)", "errors", "first error");
        double[] at8 = new double[3];
        for (int threads : threadCounts) {
            String[] names = {"ours (agent-memory, SQLite)", "one connection behind a lock", "new connection per operation",
                    "one connection per thread"};
            for (int impl = 0; impl < names.length; impl++) {
                Workload.Target target = switch (impl) {
                    case 0 -> new Ours(MemoryStores.open(StoreConfig.builder("sqlite:" + oursFile).historyVersions(0)
                            .build()), oursKeys);
                    case 1 -> new Baselines.LockedConnection(plainFile.toString(), plainKeys);
                    case 2 -> new Baselines.ConnectionPerOperation(plainFile.toString(), plainKeys);
                    default -> new Baselines.ConnectionPerThread(plainFile.toString(), plainKeys);
                };
                Workload.Outcome o;
                try (target) {
                    o = Workload.run(target, threads, preload, millis, DIM);
                }
                report.row(threads, names[impl], o.opsPerSecond(), o.p50Micros(), o.p99Micros(), o.errors(),
                        o.firstError() == null ? "" : o.firstError().replace('|', '/').replaceAll("\\s+", " ")
                                .substring(0, Math.min(80, o.firstError().length())));
                report.bar("concurrency ops/s", names[impl], threads + " threads", o.opsPerSecond());
                if (threads == 8) {
                    if (impl == 0) {
                        at8[0] = o.opsPerSecond();
                        at8[2] = o.errors();
                    } else if (impl == 1) {
                        at8[1] = o.opsPerSecond();
                    } else if (impl == 2) {
                        report.target("concurrency @8: ours / new connection per op", at8[0] / o.opsPerSecond(), 10,
                                "");
                    }
                }
            }
        }
        report.target("concurrency @8: ours / one locked connection", at8[1] == 0 ? 0 : at8[0] / at8[1], 1.5,
                "ours had " + (long) at8[2] + " errors");
        return at8;
    }

    /** Sections 3 and 4: ingest per backend, batched and one by one, then the index load at open. */
    void ingest(int n, int oneByOne) throws Exception {
        report.line("");
        report.line("## Ingest: " + n + " memories of 384 dims with 2 metadata entries each");
        report.line("");
        report.table("backend", "mode", "memories", "seconds", "memories/s", "index load at open (memories/s)");
        for (String backend : new String[] {"sqlite", "h2"}) {
            Path file = dir.resolve("ingest-" + backend);
            deleteDb(file);
            String uri = backend.equals("sqlite") ? "sqlite:" + file + ".db" : "h2:" + file.toAbsolutePath();
            Random r = new Random(3);
            StoreConfig config = StoreConfig.builder(uri).historyVersions(0).build();
            long t0 = System.nanoTime();
            try (MemoryStore s = MemoryStores.open(config)) {
                Namespace ns = s.namespace("bench", "ingest");
                for (int from = 0; from < n; from += 1000) {
                    List<MemoryDraft> drafts = new ArrayList<>(1000);
                    for (int i = from; i < Math.min(n, from + 1000); i++) {
                        drafts.add(MemoryDraft.of("memory number " + i).embedding(vector(r)).metadata("i", i)
                                .metadata("kind", i % 2 == 0 ? "even" : "odd"));
                    }
                    ns.putAll(drafts);
                }
            }
            double batched = (System.nanoTime() - t0) / 1e9;
            // Index load: a new store instance, whose first search loads the whole namespace.
            double loadRate;
            try (MemoryStore s = MemoryStores.open(config)) {
                long l0 = System.nanoTime();
                s.namespace("bench", "ingest").search(Search.vector(vector(r)).topK(10));
                loadRate = n / ((System.nanoTime() - l0) / 1e9);
            }
            report.row(backend, "putAll of 1000", n, batched, n / batched, loadRate);
            report.bar("ingest memories/s", backend + " putAll(1000)", backend, n / batched);
            t0 = System.nanoTime();
            try (MemoryStore s = MemoryStores.open(config)) {
                Namespace ns = s.namespace("bench", "one-by-one");
                for (int i = 0; i < oneByOne; i++) {
                    ns.put(MemoryDraft.of("memory number " + i).embedding(vector(r)).metadata("i", i)
                            .metadata("kind", "x"));
                }
            }
            double single = (System.nanoTime() - t0) / 1e9;
            report.row(backend, "put one by one", oneByOne, single, oneByOne / single, "");
            report.bar("ingest memories/s", backend + " one by one", backend, oneByOne / single);
        }
    }

    /** Section 5: search latency with the change-counter read on every search, and with a staleness bound. */
    void freshness(int n) throws Exception {
        report.line("");
        report.line("## Freshness: exact top-10 over " + n + " memories (SQLite file), with and without the"
                + " per-search change-counter read");
        report.line("");
        Path file = dir.resolve("freshness.db");
        deleteDb(file);
        Random r = new Random(4);
        try (MemoryStore s = MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0).build())) {
            Namespace ns = s.namespace("bench", "fresh");
            for (int from = 0; from < n; from += 1000) {
                List<MemoryDraft> drafts = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + 1000); i++) {
                    drafts.add(MemoryDraft.of("m" + i).embedding(vector(r)));
                }
                ns.putAll(drafts);
            }
        }
        report.table("configuration", "median search (µs)", "p99 (µs)");
        double[] medians = new double[2];
        for (int mode = 0; mode < 2; mode++) {
            StoreConfig.Builder b = StoreConfig.builder("sqlite:" + file).historyVersions(0);
            if (mode == 1) {
                b.searchStaleness(Duration.ofMillis(500));
            }
            try (MemoryStore s = MemoryStores.open(b.build())) {
                Namespace ns = s.namespace("bench", "fresh");
                float[][] qs = new float[600][];
                for (int i = 0; i < qs.length; i++) {
                    qs[i] = vector(r);
                }
                for (int i = 0; i < 100; i++) {
                    ns.search(Search.vector(qs[i]).topK(10));
                }
                long[] t = new long[500];
                for (int i = 0; i < 500; i++) {
                    long t0 = System.nanoTime();
                    ns.search(Search.vector(qs[100 + i]).topK(10));
                    t[i] = System.nanoTime() - t0;
                }
                medians[mode] = Stats.percentile(t, 500, 50) / 1000;
                report.row(mode == 0 ? "default: counter read before every search" : "searchStaleness(500 ms)",
                        medians[mode], Stats.percentile(t, 500, 99) / 1000);
            }
        }
        report.line("");
        report.line(String.format("The counter read costs about %.0f µs per search (%.0f%% of the search at this size).",
                medians[0] - medians[1], 100 * (medians[0] - medians[1]) / medians[0]));
    }

    static void deleteDb(Path base) throws java.io.IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal", ".db", ".db-wal", ".db-shm", ".mv.db",
                ".trace.db"}) {
            Files.deleteIfExists(Path.of(base + suffix));
        }
    }
}
