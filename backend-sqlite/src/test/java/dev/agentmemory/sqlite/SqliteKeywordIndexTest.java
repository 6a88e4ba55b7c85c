package dev.agentmemory.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the JUnit thread that runs it: the FTS5 keyword index on a real file. Migration 3
 * builds it for a database written before it, and the index stays tied to the right memories
 * after {@code VACUUM}, which may renumber the memories table's implicit rowids.
 */
class SqliteKeywordIndexTest {
    @TempDir
    Path dir;

    @Test
    void migration_three_indexes_the_memories_of_a_version_two_database() throws Exception {
        Path file = dir.resolve("old.db");
        List<MemoryId> ids = new ArrayList<>();
        try (MemoryStore store = MemoryStores.open("sqlite:" + file)) {
            Namespace ns = store.namespace("t", "n");
            for (int i = 0; i < 50; i++) {
                ids.add(ns.put(MemoryDraft.of((i == 17 ? "rutabaga " : "") + "note " + i).embedding(new float[] {1, i})));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            // Take the file back to what version 2 of the schema left: no keyword index at all.
            for (String trigger : List.of("insert", "update", "delete")) {
                st.execute("DROP TRIGGER memories_keywords_" + trigger);
            }
            st.execute("DROP TABLE memory_keywords");
            st.execute("DROP TABLE memory_keyword_rows");
            st.execute("DELETE FROM schema_version WHERE version = 3");
        }
        try (MemoryStore store = MemoryStores.open("sqlite:" + file)) {
            Namespace ns = store.namespace("t", "n");
            assertThat(ns.search(Search.keyword("rutabaga"))).extracting(m -> m.memory().id())
                    .containsExactly(ids.get(17));
            assertThat(ns.search(Search.keyword("note").topK(100))).hasSize(50);
            MemoryId added = ns.put(MemoryDraft.of("a rutabaga stew").embedding(new float[] {0, 1}));
            assertThat(ns.search(Search.keyword("rutabaga"))).extracting(m -> m.memory().id())
                    .containsExactlyInAnyOrder(ids.get(17), added);
        }
    }

    @Test
    void the_index_follows_its_memories_through_a_vacuum() throws Exception {
        Path file = dir.resolve("vacuum.db");
        try (MemoryStore store = MemoryStores.open("sqlite:" + file)) {
            Namespace ns = store.namespace("t", "n");
            List<MemoryId> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(ns.put(MemoryDraft.of("word" + i + " common").embedding(new float[] {1, i})));
            }
            for (int i = 0; i < 200; i += 2) {
                ns.delete(ids.get(i));
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
                st.execute("VACUUM");
                // Shuffle the implicit rowids on purpose, as a VACUUM is allowed to: the keyword
                // rows must still be found through keyword_rowid, not the memories' rowid.
                st.execute("UPDATE memories SET rowid = -rowid");
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM memories m JOIN memory_keyword_rows r"
                        + " ON r.tenant = m.tenant AND r.memory_id = m.id WHERE m.rowid = r.keyword_rowid")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("no memory keeps its old rowid").isZero();
                }
            }
            for (int i = 1; i < 200; i += 4) {
                ns.delete(ids.get(i));
            }
            ns.update(ids.get(3), 1, MemoryDraft.of("renamed entry").embedding(new float[] {1, 3}));
            assertThat(ns.search(Search.keyword("common").topK(200))).hasSize(49);
            assertThat(ns.search(Search.keyword("word7"))).extracting(m -> m.memory().id()).containsExactly(ids.get(7));
            assertThat(ns.search(Search.keyword("word1"))).isEmpty();
            assertThat(ns.search(Search.keyword("renamed"))).extracting(m -> m.memory().id())
                    .containsExactly(ids.get(3));
        }
    }
}
