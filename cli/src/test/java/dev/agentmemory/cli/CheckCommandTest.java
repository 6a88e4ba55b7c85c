package dev.agentmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} reports the schema version and SQLite's own integrity check, finds every
 * namespace of the tenant when none is named, and fails on a damaged file.
 */
class CheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void check_reports_schema_version_and_integrity_of_every_namespace() throws Exception {
        Path file = dir.resolve("checked.db");
        try (MemoryStore s = MemoryStores.open("sqlite:" + file)) {
            SampleData.fill(s, 30);
        }
        Run run = run("check", "--store", "sqlite:" + file, "--tenant", "alice");
        assertThat(run.code).as(run.out).isZero();
        assertThat(run.out).contains("schema version: 5").contains("integrity: ok (ok)")
                .contains("namespace alice/personal: 30 memories").contains("namespace alice/projects: 2 memories")
                .contains("check passed");
    }

    @Test
    void a_damaged_database_file_fails_the_check() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (MemoryStore s = MemoryStores.open("sqlite:" + file)) {
            SampleData.fill(s, 400);
        }
        // Zeros over the pages after the schema: the file still opens, its b-trees no longer hold together.
        long size = Files.size(file);
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.position(size / 2);
            channel.write(java.nio.ByteBuffer.allocate((int) Math.min(16_384, size / 4)));
        }
        Run run = run("check", "--store", "sqlite:" + file, "--tenant", "alice", "-n", "projects");
        assertThat(run.code).as(run.out).isNotZero();
        assertThat(run.out + run.err).doesNotContain("check passed");
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Cli.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
