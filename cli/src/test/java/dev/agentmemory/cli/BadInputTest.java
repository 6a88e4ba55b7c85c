package dev.agentmemory.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged export is refused with the line that shows the damage, and nothing is written: the
 * target namespaces stay as they were.
 */
class BadInputTest {
    @TempDir
    Path dir;
    Path export;
    List<String> lines;
    String target;

    @BeforeEach
    void exportSample() throws Exception {
        String source = "sqlite:" + dir.resolve("source.db");
        try (MemoryStore s = MemoryStores.open(source)) {
            SampleData.fill(s, 20);
        }
        export = dir.resolve("export.jsonl");
        assertThat(Cli.run("export", "--store", source, "--tenant", "alice", "-n", "personal,projects", "-s", "chat-1",
                "--out", export.toString(), "-q")).isZero();
        lines = Files.readAllLines(export);
        target = "sqlite:" + dir.resolve("target.db");
    }

    @Test
    void a_truncated_line_is_named() throws Exception {
        String error = importEdited(l -> {
            List<String> out = new ArrayList<>(l.subList(0, 10));
            out.add(l.get(10).substring(0, l.get(10).length() / 2));
            return out;
        });
        assertThat(error).contains("line 11: not valid JSON");
        assertNothingWritten();
    }

    @Test
    void a_file_cut_at_a_line_end_is_truncated() throws Exception {
        assertThat(importEdited(l -> l.subList(0, 15))).contains("line 15: the file ends without its end record");
        assertNothingWritten();
    }

    @Test
    void a_hand_edited_memory_fails_the_checksum() throws Exception {
        String error = importEdited(l -> {
            List<String> out = new ArrayList<>(l);
            out.set(5, out.get(5).replace("\"content\":\"", "\"content\":\"edited "));
            return out;
        });
        assertThat(error).contains("line " + lines.size() + ": checksum mismatch");
        assertNothingWritten();
    }

    @Test
    void an_unknown_format_version_is_refused_at_line_one() throws Exception {
        String error = importEdited(l -> {
            List<String> out = new ArrayList<>(l);
            out.set(0, out.get(0).replace("\"version\":1", "\"version\":7"));
            return out;
        });
        assertThat(error).contains("line 1: export format version 7 is unknown");
        assertNothingWritten();
    }

    @Test
    void an_embedding_of_another_dimension_is_named() throws Exception {
        String error = importEdited(l -> {
            List<String> out = new ArrayList<>(l);
            // 4 floats instead of 8: 16 zero bytes in base64.
            out.set(3, out.get(3).replaceFirst("\"embedding\":\"[^\"]*\"", "\"embedding\":\"AAAAAAAAAAAAAAAAAAAAAA==\""));
            return out;
        });
        assertThat(error).contains("line 4: embedding has 4 dimensions, namespace 'personal' holds 8 (line 2)");
        assertNothingWritten();
    }

    @Test
    void a_target_namespace_of_another_dimension_is_refused_before_writing() throws Exception {
        try (MemoryStore t = MemoryStores.open(target)) {
            t.namespace("alice", "projects").put(MemoryDraft.of("already here").embedding(new float[] {1, 0, 0}));
        }
        String error = importEdited(UnaryOperator.identity());
        assertThat(error).contains("namespace 'projects' of the export holds 8-dimensional embeddings, the target's holds 3");
        try (MemoryStore t = MemoryStores.open(target)) {
            assertThat(t.namespace("alice", "personal").count()).isZero();
            assertThat(t.namespace("alice", "projects").count()).isEqualTo(1);
        }
    }

    @Test
    void an_id_the_target_holds_with_other_content_is_refused_before_writing() throws Exception {
        com.fasterxml.jackson.databind.JsonNode third = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(4));
        dev.agentmemory.MemoryId taken = dev.agentmemory.MemoryId.parse(third.get("id").asText());
        try (MemoryStore t = MemoryStores.open(target)) {
            t.namespace("alice", "projects").put(MemoryDraft.of("other content").id(taken).embedding(new float[8]));
        }
        String error = importEdited(UnaryOperator.identity());
        assertThat(error).contains("line 5: memory " + taken + " exists in the target's namespace 'projects'");
        try (MemoryStore t = MemoryStores.open(target)) {
            assertThat(t.namespace("alice", "personal").count()).isZero();
        }
    }

    private String importEdited(UnaryOperator<List<String>> edit) throws Exception {
        Path edited = dir.resolve("edited.jsonl");
        Files.write(edited, edit.apply(lines));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Cli.run("import", "--store", target, "--in", edited.toString(), "-q");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).isEqualTo(1);
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertNothingWritten() {
        try (MemoryStore t = MemoryStores.open(target)) {
            assertThat(t.namespace("alice", "personal").count()).isZero();
            assertThat(t.namespace("alice", "projects").count()).isZero();
            assertThat(t.conversation("alice", "chat-1").size()).isZero();
        }
    }
}
