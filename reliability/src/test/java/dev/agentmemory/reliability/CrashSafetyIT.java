package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.reliability.child.LoopWriter;
import dev.agentmemory.reliability.child.Opener;
import dev.agentmemory.reliability.support.AckLog;
import dev.agentmemory.reliability.support.ChildJvm;
import dev.agentmemory.reliability.support.RawDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash safety: a child JVM writing through {@link MemoryStores#open} is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) during inserts, during SQLite WAL checkpoints, and during
 * the first-open schema migration. After each kill the database passes its integrity check, and
 * every write the child acknowledged (logged after {@code put} returned) is there, with its
 * metadata. Kill points are seeded; the seed is in every failure message.
 */
@Timeout(600)
class CrashSafetyIT {
    private static final long SEED = Long.getLong("reliability.seed", System.nanoTime());
    private static final int MIN_ACKNOWLEDGED = 150;

    @TempDir
    Path dir;

    private final Random random = new Random(SEED);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "h2"})
    void kill_during_inserts_loses_no_acknowledged_write(String backend) throws Exception {
        String uri = backend + ":" + dir.resolve("inserts-" + backend + (backend.equals("sqlite") ? ".db" : ""));
        Path log = dir.resolve("inserts-" + backend + ".ids");
        for (int round = 1; round <= 2; round++) {
            killWhileWriting(uri, log, "plain", round);
        }
    }

    @Test
    void kill_during_sqlite_wal_checkpoints_loses_no_acknowledged_write() throws Exception {
        String uri = "sqlite:" + dir.resolve("checkpoint.db");
        Path log = dir.resolve("checkpoint.ids");
        for (int round = 1; round <= 3; round++) {
            killWhileWriting(uri, log, "checkpoint", round);
        }
    }

    private void killWhileWriting(String uri, Path log, String mode, int round) throws Exception {
        int before = AckLog.completeLines(log).size();
        Path out = dir.resolve("child-" + mode + "-" + round + ".out");
        Process child = ChildJvm.start(LoopWriter.class, out, uri, log.toString(), mode);
        long walBytes = -1;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (AckLog.completeLines(log).size() < before + MIN_ACKNOWLEDGED && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(child.isAlive()).as("the child is still writing (seed %d); its output: %s", SEED,
                    Files.readString(out)).isTrue();
            Thread.sleep(20 + random.nextInt(250));
            Path wal = Path.of(RawDb.file(uri) + "-wal");
            walBytes = Files.exists(wal) ? Files.size(wal) : -1;
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
        }
        String integrity = RawDb.integrityCheck(uri);
        List<String> acknowledged = AckLog.completeLines(log);
        List<String> missing = new ArrayList<>();
        long rows;
        try (MemoryStore store = MemoryStores.open(uri)) {
            Namespace ns = store.namespace("t", "crash");
            for (String line : acknowledged) {
                String[] parts = line.split(" ");
                Optional<Memory> m = ns.get(MemoryId.parse(parts[0]));
                long i = Long.parseLong(parts[2]);
                if (m.isEmpty() || !m.get().content().startsWith("write " + parts[1] + " " + i + " ")
                        || !m.get().metadata().getLong("i").equals(Optional.of(i))
                        || !m.get().metadata().getString("tag").equals(Optional.of("t" + i % 5))) {
                    missing.add(line + " -> " + m);
                }
            }
            rows = ns.count();
        }
        System.out.printf("[crash] %s %s round %d: killed after %d acknowledged writes (%d in all), wal %d bytes at"
                + " the kill, %d rows after reopening, %d missing, integrity %s (seed %d)%n", uri.substring(0,
                uri.indexOf(':')), mode, round, acknowledged.size() - before, acknowledged.size(), walBytes, rows,
                missing.size(), integrity, SEED);
        assertThat(integrity).as("integrity check after kill -9 (%s, round %d, seed %d)", mode, round, SEED)
                .isEqualTo("ok");
        assertThat(missing).as("acknowledged writes missing or changed after kill -9 (%s round %d, seed %d)", mode,
                round, SEED).isEmpty();
        assertThat(rows).as("rows: every acknowledged one, plus at most the one in flight at the kill")
                .isBetween((long) acknowledged.size(), (long) acknowledged.size() + round);
    }

    @Test
    void sqlite_kill_during_first_open_migration_leaves_a_database_that_opens() throws Exception {
        killDuringFirstOpen("sqlite");
    }

    /**
     * H2 commits every DDL statement on its own, so a kill inside a migration can leave some
     * tables and no schema_version row; the migrations are idempotent so that the next open
     * finishes the job (it failed for good with {@code Table "NAMESPACES" already exists} before).
     */
    @Test
    void h2_kill_during_first_open_migration_leaves_a_database_that_opens() throws Exception {
        killDuringFirstOpen("h2");
    }

    private void killDuringFirstOpen(String backend) throws Exception {
        int expectedVersion = migratedVersion(backend);
        long[] window = calibrate(backend);
        TreeMap<String, Integer> states = new TreeMap<>();
        int rounds = 12;
        for (int round = 1; round <= rounds; round++) {
            String uri = uri(backend, "migrate-" + round);
            Path marker = dir.resolve("migrate-" + backend + "-" + round + ".marker");
            Process child = ChildJvm.start(Opener.class, dir.resolve("migrate-" + backend + "-" + round + ".out"), uri,
                    marker.toString());
            // Odd rounds: a random point between "about to open" and "opened"; even rounds: a random
            // point after the database file appeared, which is where the migration runs.
            boolean fromFile = round % 2 == 0;
            Path waitFor = fromFile ? databaseFile(backend, uri) : marker;
            long delayMicros = (long) (random.nextDouble() * (fromFile ? window[1] : window[0]) * 1000);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(waitFor) && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(0, 100_000);
                }
                TimeUnit.MICROSECONDS.sleep(delayMicros);
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            String state = stateAfterKill(backend, uri, expectedVersion);
            states.merge(state, 1, Integer::sum);
            try (MemoryStore store = openReporting(uri, state, round)) {
                Namespace ns = store.namespace("t", "after");
                MemoryId id = ns.put(MemoryDraft.of("after the kill").embedding(new float[] {1f, 0f}));
                assertThat(ns.get(id)).as("round %d (%s at the kill, seed %d)", round, state, SEED).isPresent();
            }
            assertThat(RawDb.integrityCheck(uri)).as("integrity, round %d (%s, seed %d)", round, state, SEED)
                    .isEqualTo("ok");
            assertThat(RawDb.queryLong(uri, "SELECT COUNT(*) FROM schema_version")).as("each migration once")
                    .isEqualTo(RawDb.queryLong(uri, "SELECT COUNT(DISTINCT version) FROM schema_version"));
            assertThat(RawDb.queryLong(uri, "SELECT MAX(version) FROM schema_version")).as("migrated to the end")
                    .isEqualTo(expectedVersion);
        }
        System.out.printf("[crash] %s first open killed %d times (within %d ms of starting to open, or %d ms of the"
                + " file appearing); state at the kill: %s; every one reopened, migrated to version %d, integrity ok"
                + " (seed %d)%n", backend, rounds, window[0], window[1], states, expectedVersion, SEED);
    }

    private String uri(String backend, String name) {
        return backend + ":" + dir.resolve(backend + "-" + name + (backend.equals("sqlite") ? ".db" : ""));
    }

    /** The schema version a completed open reaches. */
    private int migratedVersion(String backend) throws Exception {
        String uri = uri(backend, "reference");
        MemoryStores.open(uri).close();
        return (int) RawDb.queryLong(uri, "SELECT MAX(version) FROM schema_version");
    }

    /** Opens after a kill; if that fails, says what the kill left in the file. */
    private MemoryStore openReporting(String uri, String state, int round) throws Exception {
        try {
            return MemoryStores.open(uri);
        } catch (RuntimeException e) {
            throw new AssertionError("round " + round + " (seed " + SEED + "): the database a kill during its first"
                    + " open left (" + state + ") cannot be opened; it holds " + RawDb.describe(uri), e);
        }
    }

    private static Path databaseFile(String backend, String uri) {
        return Path.of(RawDb.file(uri) + (backend.equals("h2") ? ".mv.db" : ""));
    }

    /**
     * How long a child takes from "about to open" to "opened", and from the database file
     * appearing to "opened": the windows kills land in.
     */
    private long[] calibrate(String backend) throws Exception {
        String uri = uri(backend, "calibrate");
        Path marker = dir.resolve("calibrate-" + backend + ".marker");
        Path out = dir.resolve("calibrate-" + backend + ".out");
        Process child = ChildJvm.start(Opener.class, out, uri, marker.toString());
        while (!Files.exists(marker) && child.isAlive()) {
            Thread.sleep(0, 100_000);
        }
        long start = System.nanoTime();
        Path file = databaseFile(backend, uri);
        while (!Files.exists(file) && child.isAlive()) {
            Thread.sleep(0, 100_000);
        }
        long fileAt = System.nanoTime();
        Path opened = Path.of(marker + ".opened");
        while (!Files.exists(opened) && child.isAlive()) {
            Thread.sleep(0, 100_000);
        }
        long end = System.nanoTime();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(out)).isZero();
        return new long[] {Math.max(20, TimeUnit.NANOSECONDS.toMillis(end - start)),
                Math.max(10, TimeUnit.NANOSECONDS.toMillis(end - fileAt))};
    }

    /** What the kill left: no file, a file without the schema, a part of it, or all of it. */
    private static String stateAfterKill(String backend, String uri, int expectedVersion) {
        Path file = databaseFile(backend, uri);
        if (!Files.exists(file)) {
            return "no file";
        }
        try {
            long version = RawDb.queryLong(uri, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
            return version == expectedVersion ? "schema complete" : "schema at version " + version;
        } catch (SQLException e) {
            return "file without schema";
        }
    }
}
