package dev.agentmemory.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Confined to the test class that owns it: an embedded PostgreSQL server of its own, on a fixed
 * port and data directory, that can be stopped (at once, as a crash would) and started again.
 *
 * <p>{@link #stopImmediately()} is an immediate shutdown: SIGQUIT to the postmaster, which
 * sends SIGQUIT to every backend; nothing is checkpointed, and the next start runs crash
 * recovery from the WAL, so only what was flushed survives. The server
 * runs with {@code synchronous_commit=on} (zonky's default is off), as a production server does:
 * a commit is acknowledged once its WAL is flushed.
 */
final class FaultServer implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres pg;

    private FaultServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts a new server in a new temporary data directory on a free port. */
    static FaultServer start() {
        try (ServerSocket probe = new ServerSocket(0)) {
            FaultServer server = new FaultServer(Files.createTempDirectory("am-pg-fault-"), probe.getLocalPort());
            probe.close();
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's coordinates for stores and admin connections. */
    PgServer server() {
        return PgServer.forPort(port);
    }

    /** Starts the server on the same port and data directory. */
    void startAgain() {
        try {
            pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("synchronous_commit", "on").start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on port " + port + " in " + dataDir, e);
        }
    }

    /**
     * Stops the server at once, as {@code pg_ctl stop -m immediate} does (which refuses to run as
     * root): SIGQUIT to the postmaster, which kills every backend at once, writes no checkpoint,
     * and exits. Waits until it is gone.
     */
    void stopImmediately() {
        long pid = postmasterPid();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() ->
                new IllegalStateException("no postmaster with pid " + pid));
        run("kill", "-QUIT", Long.toString(pid));
        try {
            postmaster.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the postmaster " + pid + " did not exit after SIGQUIT", e);
        }
        closeQuietly();
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("is the server running? no postmaster.pid in " + dataDir, e);
        }
    }

    /** Stops the server then starts it again at once; returns the milliseconds it took. */
    long restartImmediately() {
        long t0 = System.nanoTime();
        stopImmediately();
        startAgain();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private void closeQuietly() {
        // Releases zonky's lock on the data directory; its own "stop" finds nothing to stop.
        try {
            if (pg != null) {
                pg.close();
            }
        } catch (IOException | RuntimeException e) {
            // already stopped
        }
        pg = null;
    }

    private static void run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
