package dev.agentmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real import process stopped by a signal in the middle: it stops between batches, so the
 * target holds whole batches only, and running the same import again finishes the job.
 */
class InterruptIT {
    static final int MEMORIES = 5_000;
    static final int BATCH = 25;

    @TempDir
    Path dir;

    @Test
    @Timeout(150)
    void an_interrupted_import_leaves_whole_batches_and_resumes() throws Exception {
        String source = "sqlite:" + dir.resolve("source.db");
        try (MemoryStore s = MemoryStores.open(source)) {
            Namespace ns = s.namespace("alice", "bulk");
            Random random = new Random(7);
            List<MemoryDraft> drafts = new ArrayList<>();
            for (int i = 0; i < MEMORIES; i++) {
                drafts.add(MemoryDraft.of("bulk note " + i).embedding(new float[] {random.nextFloat(), random.nextFloat(), 1}));
                if (drafts.size() == 2_500) {
                    ns.putAll(drafts);
                    drafts.clear();
                }
            }
        }
        Path export = dir.resolve("bulk.jsonl");
        assertThat(Cli.run("export", "--store", source, "--tenant", "alice", "-n", "bulk", "--out", export.toString(),
                "-q")).isZero();

        String target = "sqlite:" + dir.resolve("target.db");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Cli.class.getName(),
                "import", "--store", target, "--in", export.toString(), "--batch", String.valueOf(BATCH), "-q");
        Process importer = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("import.log").toFile())
                .start();
        long partial;
        try (MemoryStore t = MemoryStores.open(target)) {
            // Wait until the import is under way, then stop it as Ctrl-C or a service manager would.
            long seen = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (seen < 10 * BATCH && System.nanoTime() < deadline && importer.isAlive()) {
                Thread.sleep(20);
                seen = t.namespace("alice", "bulk").count();
            }
            assertThat(importer.isAlive()).as("import still running when stopped; log:%n%s",
                    Files.readString(dir.resolve("import.log"))).isTrue();
            importer.destroy();
            assertThat(importer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            partial = t.namespace("alice", "bulk").count();
        }
        assertThat(Files.readString(dir.resolve("import.log"))).contains("interrupted at a safe point");
        assertThat(partial).as("stopped in the middle").isBetween((long) BATCH, (long) MEMORIES - 1);
        assertThat(partial % BATCH).as("whole batches only").isZero();

        assertThat(Cli.run("import", "--store", target, "--in", export.toString(), "--batch", String.valueOf(BATCH), "-q"))
                .isZero();
        try (MemoryStore t = MemoryStores.open(target)) {
            assertThat(t.namespace("alice", "bulk").count()).isEqualTo(MEMORIES);
        }
        Path again = dir.resolve("again.jsonl");
        assertThat(Cli.run("export", "--store", target, "--tenant", "alice", "-n", "bulk", "--out", again.toString(), "-q"))
                .isZero();
        List<String> a = Files.readAllLines(export);
        List<String> b = Files.readAllLines(again);
        assertThat(b.get(b.size() - 1)).isEqualTo(a.get(a.size() - 1));
        System.out.printf("[cli interrupt] stopped after %d of %d memories (whole batches of %d); the second run "
                + "finished the import, checksums match%n", partial, MEMORIES, BATCH);
    }
}
