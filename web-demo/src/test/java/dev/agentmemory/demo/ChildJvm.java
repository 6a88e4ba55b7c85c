package dev.agentmemory.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Confined to the test thread that made it. A Java main run in a child JVM with this test's
 * classpath. Its output goes to a file rather than a pipe, because {@link Process#destroy()}
 * closes the pipes at once and the test must still read what the child logs while it stops.
 */
final class ChildJvm implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicInteger STARTS = new java.util.concurrent.atomic.AtomicInteger();

    final Process process;
    final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildJvm start(Class<?> main, Map<String, String> env, Path dir, String... args) throws IOException {
        return start(main, List.of(), env, dir, args);
    }

    /** With JVM options such as {@code -Dname=value}; each start has its own log. */
    static ChildJvm start(Class<?> main, List<String> jvmOptions, Map<String, String> env, Path dir, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), main.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve(main.getSimpleName() + "-" + STARTS.incrementAndGet() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AGENT_MEMORY_"));
        pb.environment().putAll(env);
        return new ChildJvm(pb.start(), log);
    }

    /** The test classpath: surefire and failsafe put the real one in this property; java.class.path may be a manifest jar. */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** Waits for a line containing {@code marker} and returns it. */
    String awaitLine(String marker, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            for (String line : output().split("\n")) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no line with '" + marker + "' within " + seconds + " s; output:\n" + output());
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

}
