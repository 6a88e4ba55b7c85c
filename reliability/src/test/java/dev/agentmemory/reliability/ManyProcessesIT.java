package dev.agentmemory.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.reliability.child.ProcessWriter;
import dev.agentmemory.reliability.support.AckLog;
import dev.agentmemory.reliability.support.ChildJvm;
import dev.agentmemory.reliability.support.RawDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs open one NEW SQLite file at the same moment (they wait for a start file) and write:
 * the schema is created exactly once, no "database is locked" (or any other error) reaches a
 * caller, and every acknowledged write is there afterwards.
 */
@Timeout(300)
class ManyProcessesIT {
    private static final int PROCESSES = 6;
    private static final int PUTS = 200;

    @TempDir
    Path dir;

    @Test
    void processes_opening_a_new_file_at_once_create_the_schema_once_and_lose_nothing() throws Exception {
        String uri = "sqlite:" + dir.resolve("shared/new.db");
        Path start = dir.resolve("start");
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                Path log = dir.resolve("p" + i + ".ids");
                logs.add(log);
                children.add(ChildJvm.start(ProcessWriter.class, dir.resolve("p" + i + ".out"), uri, start.toString(),
                        Integer.toString(i), Integer.toString(PUTS), log.toString()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            for (Path log : logs) {
                while (!Files.exists(Path.of(log + ".ready")) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(Path.of(log + ".ready")).as("child ready").exists();
            }
            assertThat(RawDb.file(uri)).as("nobody has created the file yet").doesNotExist();
            long t0 = System.nanoTime();
            Files.createFile(start);
            for (int i = 0; i < PROCESSES; i++) {
                Process p = children.get(i);
                assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("child %d finished", i).isTrue();
                assertThat(p.exitValue()).as("child %d: every put succeeded; its output: %s", i,
                        Files.readString(dir.resolve("p" + i + ".out"))).isZero();
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Set<String> acknowledged = new HashSet<>();
            for (Path log : logs) {
                acknowledged.addAll(AckLog.completeLines(log));
            }
            assertThat(acknowledged).hasSize(PROCESSES * PUTS);
            List<String> missing = new ArrayList<>();
            try (MemoryStore store = MemoryStores.open(uri)) {
                Namespace ns = store.namespace("t", "procs");
                for (String id : acknowledged) {
                    if (ns.get(MemoryId.parse(id)).isEmpty()) {
                        missing.add(id);
                    }
                }
                assertThat(ns.count()).isEqualTo(PROCESSES * PUTS);
            }
            assertThat(missing).as("acknowledged writes missing").isEmpty();
            long versions = RawDb.queryLong(uri, "SELECT COUNT(*) FROM schema_version");
            // Versions need not be consecutive (a number may be reserved for a migration developed beside).
            assertThat(versions).as("each migration recorded once")
                    .isEqualTo(RawDb.queryLong(uri, "SELECT COUNT(DISTINCT version) FROM schema_version"))
                    .isLessThanOrEqualTo(RawDb.queryLong(uri, "SELECT MAX(version) FROM schema_version"))
                    .isPositive();
            assertThat(RawDb.integrityCheck(uri)).isEqualTo("ok");
            System.out.printf("[processes] %d JVMs opened one new SQLite file at once and put %d memories each: %d"
                    + " acknowledged, %d missing, 0 errors, %d schema_version rows (one per migration), %d ms%n",
                    PROCESSES, PUTS, acknowledged.size(), missing.size(), versions, millis);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }
}
