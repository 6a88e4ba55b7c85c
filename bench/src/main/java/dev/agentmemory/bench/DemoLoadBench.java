package dev.agentmemory.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Confined to the calling thread: the web demo under {@code wrk} on loopback, with the
 * embedding micro-batcher off and on, interleaved in one run.
 *
 * <p>Each cell starts the demo in a child JVM (a fresh SQLite file, one tenant with a known key,
 * {@code --embed-batching off|on}), gives it a warm-up (wrk puts and searches, not reported),
 * then measures puts ({@code POST /api/namespaces/load/notes}, each a new note) and searches
 * ({@code POST /api/search}, each a new query text, top 5 over the notes the cell stored) for
 * a fixed time each, at a fixed number of connections. The cells alternate off, on, off, on, so
 * a burst of load from elsewhere on a shared machine hits both; the report gives the median of
 * the rounds. wrk is the Debian package ({@code apt-get install wrk}); without it the section
 * says so and is skipped.
 */
final class DemoLoadBench {

    /** One wrk run: what wrk printed, parsed. */
    record Wrk(double requestsPerSecond, double p50Millis, double p99Millis, long requests, long non2xx,
            long socketErrors) {}

    /**
     * One way to run the demo: a build (its class path) and the batching setting.
     *
     * @param label the row's name
     * @param classPath the class path the demo's JVM gets
     * @param batching {@code --embed-batching on} or {@code off}
     */
    record Variant(String label, String classPath, boolean batching) {}

    /** One cell: one variant's puts and searches in one round. */
    record Cell(Variant variant, int round, Wrk puts, Wrk searches) {}

    private static final String KEY = "bench-" + UUID.randomUUID();
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Report report;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DemoLoadBench(Report report, Path dir) {
        this.report = report;
        this.dir = dir;
    }

    /**
     * Writes the section: {@code rounds} rounds of (off, on), {@code seconds} of puts and of
     * searches per cell, at {@code connections} connections.
     */
    void run(int rounds, int seconds, int connections) throws Exception {
        run(rounds, seconds, connections, null);
    }

    /**
     * As {@link #run(int, int, int)}, with a first variant per round when {@code before} is not
     * null: the demo of another build (the class path of an earlier commit's web-demo), so
     * "before" is measured in the same run.
     */
    void run(int rounds, int seconds, int connections, Variant before) throws Exception {
        String here = System.getProperty("java.class.path");
        List<Variant> variants = new ArrayList<>();
        if (before != null) {
            variants.add(before);
        }
        variants.add(new Variant(label(false), here, false));
        variants.add(new Variant(label(true), here, true));
        report.line("");
        report.line("## Web demo under wrk: embeddings one request at a time vs micro-batched");
        report.line("");
        if (!wrkInstalled()) {
            report.line("Not run: `wrk` is not installed (Debian: `apt-get install wrk`).");
            return;
        }
        Path scripts = Files.createTempDirectory(dir, "wrk");
        Path put = copy("put.lua", scripts);
        Path search = copy("search.lua", scripts);
        report.line("The demo (`dev.agentmemory.demo.WebDemo`, SQLite file, MiniLM embeddings) runs in a child JVM"
                + " on loopback; `wrk -t2 -c" + connections + " -d" + seconds + "s --latency` drives it with a Lua"
                + " script that sends a different note (puts) or query text (searches, top 5) each request. Per"
                + " cell: a fresh database, " + WARMUP_SECONDS + " s of puts and " + WARMUP_SECONDS + " s of"
                + " searches as warm-up (not reported), then " + seconds + " s of puts and " + seconds + " s of"
                + " searches. Cells alternate the variants below, " + rounds + " rounds; wrk's two threads share"
                + " the machine's cores with the server. Batching on is the demo's default:"
                + " `MicroBatchingEmbedder` over `MiniLmEmbedder`, max batch 32, max wait 500 µs.");
        report.line("");
        report.table("embeddings", "round", "puts/s", "put p50 (ms)", "put p99 (ms)", "searches/s",
                "search p50 (ms)", "search p99 (ms)", "non-2xx + socket errors");
        List<Cell> cells = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (Variant v : variants) {
                Cell c = cell(v, round, seconds, connections, put, search);
                cells.add(c);
                report.row(v.label(), round, c.puts().requestsPerSecond(), c.puts().p50Millis(),
                        c.puts().p99Millis(), c.searches().requestsPerSecond(), c.searches().p50Millis(),
                        c.searches().p99Millis(), errors(c.puts()) + errors(c.searches()));
            }
        }
        report.line("");
        report.line("Medians over the rounds:");
        report.line("");
        report.table("embeddings", "puts/s", "put p50 (ms)", "put p99 (ms)", "searches/s", "search p50 (ms)",
                "search p99 (ms)");
        Map<Variant, double[]> medians = new LinkedHashMap<>();
        for (Variant variant : variants) {
            List<Cell> mine = cells.stream().filter(c -> c.variant().equals(variant)).toList();
            double[] m = {
                median(mine, c -> c.puts().requestsPerSecond()), median(mine, c -> c.puts().p50Millis()),
                median(mine, c -> c.puts().p99Millis()), median(mine, c -> c.searches().requestsPerSecond()),
                median(mine, c -> c.searches().p50Millis()), median(mine, c -> c.searches().p99Millis())};
            medians.put(variant, m);
            report.row(variant.label(), m[0], m[1], m[2], m[3], m[4], m[5]);
            report.bar("web demo under wrk, " + connections + " connections", "requests/s",
                    "puts, " + variant.label(), m[0]);
            report.bar("web demo under wrk, " + connections + " connections", "requests/s",
                    "searches, " + variant.label(), m[3]);
        }
        double[] off = medians.get(variants.get(variants.size() - 2));
        double[] on = medians.get(variants.get(variants.size() - 1));
        long errors = cells.stream().mapToLong(c -> errors(c.puts()) + errors(c.searches())).sum();
        report.line("");
        report.line(String.format(Locale.ROOT, "Batched / alone: searches/s %.2fx (p99 %.1f ms vs %.1f ms), puts/s"
                + " %.2fx (p99 %.1f ms vs %.1f ms); %d non-2xx responses or socket errors in all cells.",
                on[3] / off[3], on[5], off[5], on[0] / off[0], on[2], off[2], errors));
        if (before != null) {
            double[] was = medians.get(variants.get(0));
            report.line(String.format(Locale.ROOT, "Batched / before: searches/s %.2fx (p99 %.1f ms vs %.1f ms), puts/s"
                    + " %.2fx (p99 %.1f ms vs %.1f ms).", on[3] / was[3], on[5], was[5], on[0] / was[0], on[2],
                    was[2]));
            report.target("web demo under wrk, " + connections + " connections: searches/s micro-batched / before",
                    on[3] / was[3], 2, String.format(Locale.ROOT, "%.0f vs %.0f searches/s, p99 %.1f vs %.1f ms;"
                            + " puts %.0f vs %.0f/s", on[3], was[3], on[5], was[5], on[0], was[0]));
        }
        report.target("web demo under wrk, " + connections + " connections: searches/s micro-batched / one at a time"
                + " (this build)", on[3] / off[3], before == null ? 2 : 1, String.format(Locale.ROOT,
                        "%.0f vs %.0f searches/s, p99 %.1f vs %.1f ms; puts %.0f vs %.0f/s", on[3], off[3], on[5],
                        off[5], on[0], off[0]));
    }

    private static final int WARMUP_SECONDS = 5;

    private static String label(boolean batching) {
        return batching ? "micro-batched" : "one at a time";
    }

    private static long errors(Wrk w) {
        return w.non2xx() + w.socketErrors();
    }

    private interface Metric {
        double of(Cell c);
    }

    private static double median(List<Cell> cells, Metric m) {
        double[] v = cells.stream().mapToDouble(m::of).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private Cell cell(Variant variant, int round, int seconds, int connections, Path put, Path search)
            throws Exception {
        boolean batching = variant.batching();
        String name = "demo-load-" + Integer.toHexString(variant.hashCode()) + "-" + round;
        Path db = dir.resolve(name + ".db").toAbsolutePath();
        StoreBench.deleteDb(db);
        int port = freePort();
        Path log = dir.resolve(name + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx1g", "-cp", variant.classPath(),
                "dev.agentmemory.demo.WebDemo", "--store", "sqlite:" + db, "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AGENT_MEMORY_KEYS", "bench=" + KEY);
        // The variable rather than the flag: a build from before the batcher ignores it (and runs
        // one request at a time), where it would refuse an unknown flag.
        pb.environment().put("AGENT_MEMORY_EMBED_BATCHING", batching ? "on" : "off");
        Process demo = pb.start();
        try {
            awaitHealthy(port, demo, log);
            String url = "http://127.0.0.1:" + port + "/";
            wrk(put, url, connections, WARMUP_SECONDS);
            wrk(search, url, connections, WARMUP_SECONDS);
            Wrk puts = wrk(put, url, connections, seconds);
            Wrk searches = wrk(search, url, connections, seconds);
            System.out.printf("  demo %s round %d: %.0f puts/s, %.0f searches/s%n", variant.label(), round,
                    puts.requestsPerSecond(), searches.requestsPerSecond());
            return new Cell(variant, round, puts, searches);
        } finally {
            demo.destroy(); // SIGTERM: the demo's graceful stop
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            StoreBench.deleteDb(db);
        }
    }

    private void awaitHealthy(int port, Process demo, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!demo.isAlive()) {
                throw new IllegalStateException("the demo exited with " + demo.exitValue() + " before it served; its"
                        + " output: " + Files.readString(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the demo did not answer /api/health within 120 s; its output: "
                + Files.readString(log));
    }

    /** Runs wrk and parses its summary; a wrk that fails or prints no rate is an error. */
    static Wrk wrk(Path script, String url, int connections, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency",
                "--timeout", "10s", "-s", script.toString(), url, "--", KEY).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk failed: " + out);
        }
        return parse(out);
    }

    /** wrk's summary: requests/s, the 50% and 99% latencies, the counts of errors. */
    static Wrk parse(String out) {
        Matcher rps = RPS.matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output: " + out);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher pm = PERCENTILE.matcher(out);
        while (pm.find()) {
            double v = Double.parseDouble(pm.group(2));
            double millis = switch (pm.group(3)) {
                case "us" -> v / 1000;
                case "s" -> v * 1000;
                default -> v;
            };
            if (pm.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        Matcher req = REQUESTS.matcher(out);
        long requests = req.find() ? Long.parseLong(req.group(1)) : 0;
        Matcher non = NON_2XX.matcher(out);
        long non2xx = non.find() ? Long.parseLong(non.group(1)) : 0;
        Matcher sock = SOCKET.matcher(out);
        long socket = 0;
        if (sock.find()) {
            for (int g = 1; g <= 4; g++) {
                socket += Long.parseLong(sock.group(g));
            }
        }
        return new Wrk(Double.parseDouble(rps.group(1)), p50, p99, requests, non2xx, socket);
    }

    private static boolean wrkInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true; // wrk --version exits 1 but prints its banner: it is there
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path copy(String name, Path to) throws IOException {
        try (InputStream in = DemoLoadBench.class.getResourceAsStream("/wrk/" + name)) {
            if (in == null) {
                throw new IllegalStateException("wrk script " + name + " missing from the bench jar");
            }
            Path out = to.resolve(name);
            Files.write(out, in.readAllBytes());
            return out;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The section alone: writes {@code bench/results/demo-wrk.md}. Arguments: rounds (default 2),
     * seconds per measurement (default 20), connections (default 32), and optionally the class
     * path of an earlier build's web demo and its label, measured as "before".
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Variant before = args.length > 4 ? new Variant("before (" + args[4] + ")", args[3], false) : null;
        Path results = Path.of("bench/results");
        Path work = Path.of("bench/target/work");
        Files.createDirectories(results);
        Files.createDirectories(work);
        Report report = new Report();
        report.line("# Web demo under wrk");
        report.line("");
        report.line("Written by `dev.agentmemory.bench.DemoLoadBench` on " + ZonedDateTime.now().withNano(0)
                + ". Machine: " + Machine.describe() + ".");
        new DemoLoadBench(report, work).run(rounds, seconds, connections, before);
        report.targetsSection();
        Files.writeString(results.resolve("demo-wrk.md"), report.md.toString());
        System.out.println("wrote " + results.resolve("demo-wrk.md"));
    }
}
