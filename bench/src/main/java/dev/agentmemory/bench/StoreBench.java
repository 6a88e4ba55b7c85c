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

/** Confined to the harness thread: concurrency and freshness on real stores. */
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

    /** The names of the concurrency implementations, in {@link Cell#run} order. */
    static final String[] IMPLEMENTATIONS = {"ours (agent-memory, SQLite)", "one connection behind a lock",
        "new connection per operation", "one connection per thread"};

    /**
     * Confined to the harness thread: the preloaded template files of the concurrency section.
     * Every cell runs on a fresh copy of its template, so no cell inherits a grown file or WAL
     * from an earlier one (closing the last connection checkpoints the whole WAL, which made the
     * new-connection-per-operation baseline stall on a shared file).
     */
    static final class Cell {
        /** The warm-up before every measured cell. */
        static final long WARMUP_MILLIS = 1000;
        private final Path dir;
        private final Path oursTemplate;
        private final Path plainTemplate;
        private final MemoryId[] oursKeys;
        private final String[] plainKeys;
        private final int preload;
        private int copies;

        private Cell(Path dir, int preload) {
            this.dir = dir;
            this.preload = preload;
            this.oursTemplate = dir.resolve("template-ours.db");
            this.plainTemplate = dir.resolve("template-plain.db");
            this.oursKeys = new MemoryId[preload];
            this.plainKeys = new String[preload];
        }

        /**
         * Runs one cell of the 80/20 mix: see {@link #run(int, int, long, int)}.
         */
        Workload.Outcome run(int impl, int threads, long millis) throws Exception {
            return run(impl, threads, millis, 80);
        }

        /**
         * Runs one cell on a fresh copy of the template: implementation {@code impl} (an index
         * into {@link #IMPLEMENTATIONS}), {@code getPercent} of its operations gets, bounded to
         * {@code millis} plus a grace of {@code millis} for operations in flight and for closing.
         * A warm-up of the same mix on the same target comes first and is not reported
         * ({@value #WARMUP_MILLIS} ms, or the cell's length if shorter): the first cell of a run
         * used to be measured on a cold JVM (classes loading, the JIT compiling, the pool
         * filling) and showed a tenth of the rate it had in later cells.
         */
        Workload.Outcome run(int impl, int threads, long millis, int getPercent) throws Exception {
            Path file = dir.resolve("cell-" + (copies++) + ".db");
            deleteDb(file);
            Files.copy(impl == 0 ? oursTemplate : plainTemplate, file);
            if (impl == 2) {
                // The child JVM warms itself up before it measures (IsolatedCell).
                Path keys = dir.resolve("plain-keys.txt");
                Files.write(keys, List.of(plainKeys));
                Workload.Outcome o = IsolatedCell.run(file, keys, threads, millis);
                deleteDb(file);
                return o;
            }
            Workload.Target target = switch (impl) {
                case 0 -> new Ours(MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0)
                        .build()), oursKeys);
                case 1 -> new Baselines.LockedConnection(file.toString(), plainKeys);
                case 2 -> new Baselines.ConnectionPerOperation(file.toString(), plainKeys);
                default -> new Baselines.ConnectionPerThread(file.toString(), plainKeys);
            };
            long warmup = Math.min(WARMUP_MILLIS, millis);
            Workload.Outcome w = Workload.run(target, threads, preload, warmup, DIM, Math.max(1000, warmup), getPercent);
            if (w.stuck() > 0) {
                return w; // a warm-up that hung: report it as the cell rather than pile on
            }
            Workload.Outcome o = Workload.run(target, threads, preload, millis, DIM, Math.max(1000, millis),
                    getPercent);
            if (o.stuck() == 0) {
                closeBounded(target, Math.max(1000, millis));
                deleteDb(file);
            }
            return o;
        }

        Workload.Outcome runOurs(int threads, long millis) throws Exception {
            return run(0, threads, millis);
        }

        Workload.Outcome runBaseline(int impl, int threads, long millis) throws Exception {
            return run(impl, threads, millis);
        }
    }

    /** Closes on a daemon thread, waiting at most {@code millis}: a hung close must not hang the run. */
    private static void closeBounded(AutoCloseable target, long millis) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                target.close();
            } catch (Exception e) {
                System.err.println("close failed: " + e);
            }
        }, "bench-close");
        t.setDaemon(true);
        t.start();
        t.join(millis);
    }

    /** Builds the two preloaded templates (ours and the plain table) in {@code dir}. */
    static Cell prepare(Path dir, int preload) throws Exception {
        Cell cell = new Cell(dir, preload);
        Random r = new Random(1);
        deleteDb(cell.oursTemplate);
        deleteDb(cell.plainTemplate);
        try (MemoryStore s = MemoryStores.open(StoreConfig.builder("sqlite:" + cell.oursTemplate).historyVersions(0)
                .build())) {
            Namespace ns = s.namespace("bench", "concurrency");
            for (int from = 0; from < preload; from += 1000) {
                List<MemoryDraft> drafts = new ArrayList<>();
                for (int i = from; i < Math.min(preload, from + 1000); i++) {
                    drafts.add(MemoryDraft.of("preloaded " + i).embedding(vector(r)));
                }
                List<MemoryId> ids = ns.putAll(drafts);
                for (int i = 0; i < ids.size(); i++) {
                    cell.oursKeys[from + i] = ids.get(i);
                }
            }
        }
        try (java.sql.Connection c = Baselines.open(cell.plainTemplate.toString())) {
            c.createStatement().execute(Baselines.SCHEMA);
            c.setAutoCommit(false);
            for (int i = 0; i < preload; i++) {
                cell.plainKeys[i] = java.util.UUID.randomUUID().toString();
                Baselines.put(c, cell.plainKeys[i], "preloaded " + i, vector(r));
            }
            c.commit();
        }
        // The last close checkpointed the WAL into the file, so copying the file alone is a full copy.
        for (Path p : new Path[] {cell.oursTemplate, cell.plainTemplate}) {
            if (Files.exists(Path.of(p + "-wal")) && Files.size(Path.of(p + "-wal")) > 0) {
                throw new IllegalStateException("template " + p + " still has a WAL; it was not closed cleanly");
            }
        }
        return cell;
    }

    /** Section 1: N threads, 80% get / 20% put, ours against the three workarounds. */
    double[] concurrency(int[] threadCounts, long millis, int preload, String where) throws Exception {
        report.line("");
        report.line("## Concurrency: one SQLite file, 80% get / 20% put, " + millis / 1000.0 + " s per cell");
        report.line("");
        report.line("Files on " + where + ": the section measures the software path (statements, locks, pools),"
                + " not this VM's disk, whose synced writes ran at 1.6 MB/s and made cells stall on fsync.");
        report.line("");
        report.line("Every cell (one implementation at one thread count) starts from a fresh copy of a file preloaded"
                + " with " + preload + " rows of 384-d embeddings; gets pick a preloaded key at random, puts insert a"
                + " new row. Each cell first runs the same mix for " + Cell.WARMUP_MILLIS / 1000.0 + " s on the same"
                + " target, not reported, so no cell is measured on a cold JVM or an empty pool. A cell is bounded: after its " + millis / 1000.0 + " s, operations in flight get at most"
                + " as long again; any still running then are counted as stuck and abandoned. The new-connection-per-operation"
                + " cells run in a child JVM (after a 0.5 s warm-up there), killed if it outlives the bound: at 2+"
                + " threads its connections were seen to hang in native open/close, and a hung one blocked every later"
                + " open in the process.");
        report.line("");
        Cell cell = prepare(dir, preload);
        report.table("threads", "implementation", "ops/s", "p50 (µs)", "p99 (µs)", "errors", "stuck", "first error");
        double[][] ops = new double[threadCounts.length][IMPLEMENTATIONS.length];
        long oursErrors8 = -1;
        for (int ti = 0; ti < threadCounts.length; ti++) {
            int threads = threadCounts[ti];
            for (int impl = 0; impl < IMPLEMENTATIONS.length; impl++) {
                Workload.Outcome o = cell.run(impl, threads, millis);
                ops[ti][impl] = o.opsPerSecond();
                report.row(threads, IMPLEMENTATIONS[impl], o.opsPerSecond(), o.p50Micros(), o.p99Micros(), o.errors(),
                        o.stuck(), o.firstError() == null ? "" : tableCell(o.firstError(), 80));
                report.bar("concurrency ops/s", IMPLEMENTATIONS[impl], threads + " threads", o.opsPerSecond());
                if (threads == 8 && impl == 0) {
                    oursErrors8 = o.errors() + o.stuck();
                }
            }
        }
        double[][] readOnly = getsOnly(cell, threadCounts, millis);
        deleteDb(cell.oursTemplate);
        deleteDb(cell.plainTemplate);
        report.line("");
        report.table("threads", "ours / locked connection", "ours / new connection per op",
                "ours / connection per thread");
        double[] at8 = new double[3];
        for (int ti = 0; ti < threadCounts.length; ti++) {
            double[] o = ops[ti];
            report.row(threadCounts[ti], o[0] / o[1], o[0] / o[2], o[0] / o[3]);
            if (threadCounts[ti] == 8) {
                at8 = new double[] {o[0], o[1], o[2]};
            }
        }
        for (int ti = 0; ti < threadCounts.length; ti++) {
            if (threadCounts[ti] == 1) {
                report.target("concurrency @1, 80/20: ours / one locked connection", ops[ti][0] / ops[ti][1], 0.8,
                        String.format("ours %.0f ops/s, locked %.0f ops/s", ops[ti][0], ops[ti][1]));
            }
        }
        if (readOnly[2] != null) {
            report.target("concurrency @8, 100% get: ours / one locked connection", readOnly[2][0] / readOnly[2][1],
                    1.8, String.format("ours %.0f ops/s, locked %.0f ops/s", readOnly[2][0], readOnly[2][1]));
        }
        if (oursErrors8 >= 0) {
            report.target("concurrency @8, 80/20: ours / one locked connection (gate)", at8[0] / at8[1], 1.0,
                    String.format("ours %.0f ops/s, locked %.0f ops/s", at8[0], at8[1]));
            report.target("concurrency @8: ours / new connection per op", at8[0] / at8[2], 10,
                    String.format("ours %.0f ops/s, new connection per op %.0f ops/s", at8[0], at8[2]));
            report.target("concurrency @8: ours / one locked connection", at8[0] / at8[1], 1.5,
                    String.format("ours %.0f ops/s, locked %.0f ops/s", at8[0], at8[1]));
            report.target("concurrency @8: errors of ours (errors + stuck; goal: zero)", oursErrors8 == 0 ? 1 : 0, 1,
                    oursErrors8 + " errors");
        }
        return at8;
    }

    /** The thread counts of the gets-only cells, where the run has them. */
    private static final int[] GETS_ONLY_THREADS = {1, 2, 8};

    /**
     * The gets-only cells: ours and the locked connection at 1, 2 and 8 threads (those of
     * {@code threadCounts}), each on a fresh copy with its warm-up. Returns per entry of
     * {@link #GETS_ONLY_THREADS} the ops/s of ours and of the locked connection, or null where
     * the run has no such thread count.
     */
    private double[][] getsOnly(Cell cell, int[] threadCounts, long millis) throws Exception {
        report.line("");
        report.line("100% get, ours against one connection behind a lock (same files, same warm-up):");
        report.line("");
        report.table("threads", "ours ops/s", "locked ops/s", "ours / locked", "ours p50 (µs)", "locked p50 (µs)",
                "errors + stuck (ours)");
        double[][] out = new double[GETS_ONLY_THREADS.length][];
        for (int gi = 0; gi < GETS_ONLY_THREADS.length; gi++) {
            int threads = GETS_ONLY_THREADS[gi];
            if (java.util.Arrays.stream(threadCounts).noneMatch(t -> t == threads)) {
                continue;
            }
            Workload.Outcome ours = cell.run(0, threads, millis, 100);
            Workload.Outcome locked = cell.run(1, threads, millis, 100);
            out[gi] = new double[] {ours.opsPerSecond(), locked.opsPerSecond()};
            report.row(threads, ours.opsPerSecond(), locked.opsPerSecond(), ours.opsPerSecond() / locked.opsPerSecond(),
                    ours.p50Micros(), locked.p50Micros(), ours.errors() + ours.stuck());
            report.bar("gets only ops/s", IMPLEMENTATIONS[0], threads + " threads", ours.opsPerSecond());
            report.bar("gets only ops/s", IMPLEMENTATIONS[1], threads + " threads", locked.opsPerSecond());
        }
        return out;
    }

    /** {@code text} fit for one table cell: no pipes or line breaks, at most {@code max} characters. */
    static String tableCell(String text, int max) {
        String s = text.replace('|', '/').replaceAll("\\s+", " ");
        return s.substring(0, Math.min(max, s.length()));
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
        // Both stores open at once and the queries alternate between them, so the two medians
        // share the machine's moments (other builds on the same cores) instead of following each other.
        try (MemoryStore strict = MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0).build());
                MemoryStore stale = MemoryStores.open(StoreConfig.builder("sqlite:" + file).historyVersions(0)
                        .searchStaleness(Duration.ofMillis(500)).build())) {
            Namespace[] ns = {strict.namespace("bench", "fresh"), stale.namespace("bench", "fresh")};
            int measured = 1000;
            float[][] qs = new float[200 + measured][];
            for (int i = 0; i < qs.length; i++) {
                qs[i] = vector(r);
            }
            for (int i = 0; i < 200; i++) {
                ns[i % 2].search(Search.vector(qs[i]).topK(10));
            }
            long[][] t = new long[2][measured];
            for (int i = 0; i < measured; i++) {
                for (int mode = 0; mode < 2; mode++) {
                    int m = (i + mode) % 2; // alternate which goes first
                    long t0 = System.nanoTime();
                    ns[m].search(Search.vector(qs[200 + i]).topK(10));
                    t[m][i] = System.nanoTime() - t0;
                }
            }
            for (int mode = 0; mode < 2; mode++) {
                medians[mode] = Stats.percentile(t[mode], measured, 50) / 1000;
                report.row(mode == 0 ? "default: counter read before every search" : "searchStaleness(500 ms)",
                        medians[mode], Stats.percentile(t[mode], measured, 99) / 1000);
            }
        }
        report.line("");
        report.line(String.format("The counter read costs about %.0f µs per search (%.0f%% over the unchecked search at"
                + " this size).", medians[0] - medians[1], 100 * (medians[0] - medians[1]) / medians[1]));
        report.targetAtMost("strict freshness at " + n + " memories: extra search time over searchStaleness(500 ms)",
                (medians[0] - medians[1]) / medians[1], 0.20, String.format("median %.0f µs vs %.0f µs", medians[0],
                        medians[1]));
    }

    static void deleteDb(Path base) throws java.io.IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal", ".db", ".db-wal", ".db-shm", ".mv.db",
                ".trace.db"}) {
            Files.deleteIfExists(Path.of(base + suffix));
        }
    }
}
