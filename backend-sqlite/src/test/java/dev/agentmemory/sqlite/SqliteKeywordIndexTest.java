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
            // Take the file back to what version 2 of the schema left: no keyword index at all
            // (migration 5 already dropped the insert trigger).
            for (String trigger : List.of("update", "delete")) {
                st.execute("DROP TRIGGER memories_keywords_" + trigger);
            }
            st.execute("DROP TABLE memory_keywords_vocab");
            st.execute("DROP TABLE memory_keywords");
            st.execute("DROP TABLE memory_keyword_rows");
            st.execute("DELETE FROM schema_version WHERE version IN (3, 5)");
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
    void migration_five_takes_over_the_inserts_of_a_database_migration_three_built() throws Exception {
        Path file = dir.resolve("v4.db");
        List<MemoryId> ids = new ArrayList<>();
        try (MemoryStore store = MemoryStores.open("sqlite:" + file)) {
            Namespace ns = store.namespace("t", "n");
            for (int i = 0; i < 30; i++) {
                ids.add(ns.put(MemoryDraft.of("parsnip " + (i == 4 ? "turnip " : "") + i).embedding(new float[] {1, i})));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            // Take the file back to what migrations 3 and 4 left: the per-row insert trigger, no
            // word statistics. A memory written through that trigger, as the previous version
            // of this library did.
            st.execute("DROP TABLE memory_keywords_vocab");
            st.execute("DELETE FROM schema_version WHERE version = 5");
            st.execute("CREATE TRIGGER memories_keywords_insert AFTER INSERT ON memories BEGIN"
                    + " INSERT INTO memory_keywords (content, tenant, memory_id) VALUES (new.content, new.tenant, new.id);"
                    + " INSERT INTO memory_keyword_rows (tenant, memory_id, keyword_rowid) VALUES (new.tenant, new.id,"
                    + " last_insert_rowid()); END");
            st.execute("INSERT INTO memories (tenant, id, namespace, content, embedding, created_at, updated_at,"
                    + " version, seq, expires_at, content_hash) SELECT tenant, '00000000-0000-4000-8000-000000000001',"
                    + " namespace, 'turnip by trigger', embedding, created_at, updated_at, 1, seq + 100, NULL, NULL"
                    + " FROM memories LIMIT 1");
        }
        MemoryId byTrigger = MemoryId.parse("00000000-0000-4000-8000-000000000001");
        try (MemoryStore store = MemoryStores.open("sqlite:" + file)) {
            Namespace ns = store.namespace("t", "n");
            MemoryId added = ns.put(MemoryDraft.of("turnip soup").embedding(new float[] {0, 1}));
            assertThat(ns.search(Search.keyword("turnip").topK(10))).extracting(m -> m.memory().id())
                    .containsExactlyInAnyOrder(ids.get(4), byTrigger, added);
            ns.delete(ids.get(4));
            ns.update(added, 1, MemoryDraft.of("leek soup").embedding(new float[] {0, 1}));
            assertThat(ns.search(Search.keyword("turnip"))).extracting(m -> m.memory().id()).containsExactly(byTrigger);
            assertThat(ns.search(Search.keyword("leek"))).extracting(m -> m.memory().id()).containsExactly(added);
            assertThat(ns.search(Search.keyword("parsnip").topK(100))).hasSize(29);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'memories_keywords_insert'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the insert trigger is gone").isZero();
        }
    }

    @Test
    void a_word_in_most_memories_still_ranks_and_still_finds_when_the_other_words_find_too_few() throws Exception {
        try (MemoryStore store = MemoryStores.open("sqlite:" + dir.resolve("common.db"))) {
            Namespace ns = store.namespace("t", "n");
            List<MemoryId> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // "the" is in every memory, "the the" in memory 9 only; "quince" in 0 and 1.
                String text = "the note " + i + (i < 2 ? " quince" : "") + (i == 9 ? " the" : "");
                ids.add(ns.put(MemoryDraft.of(text).embedding(new float[] {1, i})));
            }
            // "quince" finds two: the rest of the top 5 comes from the common word, best first.
            List<MemoryId> top = ns.search(Search.keyword("the quince").topK(5)).stream().map(m -> m.memory().id())
                    .toList();
            assertThat(top).hasSize(5);
            assertThat(top.subList(0, 2)).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
            assertThat(top.get(2)).isEqualTo(ids.get(9));
            // Enough rare matches: only they come back, in the same order as the full query's.
            assertThat(ns.search(Search.keyword("the quince").topK(2))).extracting(m -> m.memory().id())
                    .containsExactlyInAnyOrder(ids.get(0), ids.get(1));
            assertThat(ns.search(Search.keyword("the").topK(50))).hasSize(40);
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
