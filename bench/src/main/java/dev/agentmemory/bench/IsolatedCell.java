package dev.agentmemory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Confined to the calling thread: runs the new-connection-per-operation cell in a child JVM.
 *
 * <p>With two or more threads opening and closing connections to one file, sqlite-jdbc
 * connections were seen to hang for minutes in {@code close()} and {@code open()} (native,
 * no CPU), and a hung one blocked every later {@code open} in the process, including the
 * next cells and the ingest section. A child process can be killed, so the cell's bound is
 * strict and the harness's own JVM never inherits a hung connection.
 */
final class IsolatedCell {
    private IsolatedCell() {}

    /** Child entry point: {@code file keysFile threads millis}; prints one {@code RESULT} line. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String[] keys = Files.readAllLines(Path.of(args[1])).toArray(String[]::new);
        int threads = Integer.parseInt(args[2]);
        long millis = Long.parseLong(args[3]);
        Baselines.ConnectionPerOperation target = new Baselines.ConnectionPerOperation(file.toString(), keys);
        Workload.run(target, 1, keys.length, 500, StoreBench.DIM, 500); // JIT warm-up, not reported
        Workload.Outcome o = Workload.run(target, threads, keys.length, millis, StoreBench.DIM, millis);
        System.out.println(String.format(Locale.ROOT, "RESULT %f %f %f %d %d %s", o.opsPerSecond(), o.p50Micros(),
                o.p99Micros(), o.errors(), o.stuck(), o.firstError() == null ? "" : o.firstError()
                        .replaceAll("\\s+", " ")));
        System.out.flush();
        Runtime.getRuntime().halt(0); // do not wait for hung daemon threads' native calls
    }

    /**
     * Runs the cell in a child JVM on the same class path, killed if it outlives the bound.
     *
     * @return the outcome; a killed child counts all its threads as stuck with no operations
     */
    static Workload.Outcome run(Path file, Path keysFile, int threads, long millis) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = Files.createTempFile("cell", ".out");
        Process p = new ProcessBuilder(java.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                IsolatedCell.class.getName(), file.toString(), keysFile.toString(), Integer.toString(threads),
                Long.toString(millis)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = p.waitFor(2 * millis + 20_000, TimeUnit.MILLISECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(out);
        Files.deleteIfExists(out);
        for (String line : lines) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.split(" ", 7);
                return new Workload.Outcome(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Long.parseLong(f[4]), f.length > 6 && !f[6].isEmpty() ? f[6] : null,
                        Integer.parseInt(f[5]));
            }
        }
        return new Workload.Outcome(0, Double.NaN, Double.NaN, 0, "child JVM killed after " + (2 * millis + 20_000)
                + " ms", threads);
    }
}
