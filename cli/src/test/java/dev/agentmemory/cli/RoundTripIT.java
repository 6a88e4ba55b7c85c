package dev.agentmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.StoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The move the CLI exists for: SQLite to JSON Lines to a real PostgreSQL server (embedded) and
 * back to JSON Lines, with identical content (times, versions and message ids included); then
 * import again (nothing changes) and {@code copy} straight from SQLite to PostgreSQL, verified.
 * With no namespace or session named, every one of the tenant's is exported.
 */
class RoundTripIT {
    static EmbeddedPostgres pg;
    static String pgUri;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        pgUri = "postgresql://localhost:" + pg.getPort() + "/postgres";
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        pg.close();
    }

    @Test
    void sqlite_to_jsonl_to_postgresql_to_jsonl_keeps_every_memory_link_and_message() throws Exception {
        String sqlite = "sqlite:" + dir.resolve("source.db");
        try (MemoryStore source = MemoryStores.open(sqlite)) {
            SampleData.fill(source, 300);
        }
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        // Nothing named: every namespace and conversation of the tenant, listed by the store.
        String[] selection = {"--tenant", "alice", "-q"};

        assertThat(Cli.run(concat(new String[] {"export", "--store", sqlite, "--out", first.toString()}, selection)))
                .isZero();
        assertThat(Cli.run("import", "--store", pgUri, "--user", "postgres", "--in", first.toString(), "--batch", "64",
                "-q")).isZero();
        assertThat(Cli.run(concat(new String[] {"export", "--store", pgUri, "--user", "postgres", "--out",
                second.toString()}, selection))).isZero();

        List<String> a = portable(first);
        List<String> b = portable(second);
        // 2 namespace records, 302 memories, 102 links, 4 + 1,500 messages.
        assertThat(a).hasSize(2 + 302 + 102 + 4 + SampleData.LONG_CHAT);
        assertThat(b).containsExactlyElementsOf(a);
        assertThat(endRecord(second)).isEqualTo(endRecord(first));

        try (MemoryStore target = MemoryStores.open(StoreConfig.builder(pgUri).property("user", "postgres").build())) {
            assertThat(target.namespace("alice", "personal").count()).isEqualTo(300);
            assertThat(target.conversation("alice", "chat-1").last(3).get(2).text()).isEqualTo("export me");
            assertThat(target.conversation("alice", "chat-long").size()).isEqualTo(SampleData.LONG_CHAT);
        }

        // Importing the same file again writes nothing and duplicates nothing.
        assertThat(Cli.run("import", "--store", pgUri, "--user", "postgres", "--in", first.toString(), "-q")).isZero();
        Path third = dir.resolve("third.jsonl");
        assertThat(Cli.run(concat(new String[] {"export", "--store", pgUri, "--user", "postgres", "--out",
                third.toString()}, selection))).isZero();
        assertThat(portable(third)).containsExactlyElementsOf(a);

        // copy: SQLite straight into an empty PostgreSQL database, verified by counts and checksum.
        try (java.sql.Connection c = pg.getPostgresDatabase().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE copied");
        }
        String copied = "postgresql://localhost:" + pg.getPort() + "/copied";
        assertThat(Cli.run(concat(new String[] {"copy", "--from", sqlite, "--to", copied, "--to-user", "postgres"},
                selection))).isZero();
        assertThat(Cli.run("check", "--store", copied, "--user", "postgres", "--tenant", "alice")).isZero();
        try (MemoryStore target = MemoryStores.open(StoreConfig.builder(copied).property("user", "postgres").build())) {
            assertThat(target.namespace("alice", "personal").count()).isEqualTo(300);
            assertThat(target.namespace("alice", "projects").count()).isEqualTo(2);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Every line but the header and end, without what an import sets anew (a link's time) and the
     * count at the start of the export.
     */
    private static List<String> portable(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(file);
        List<String> out = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            ObjectNode n = (ObjectNode) json.readTree(line);
            n.remove("count_at_start");
            if (n.get("type").asText().equals("link")) {
                n.remove("created_at");
            }
            out.add(json.writeValueAsString(n));
        }
        return out;
    }

    private static String endRecord(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        return lines.get(lines.size() - 1);
    }
}
