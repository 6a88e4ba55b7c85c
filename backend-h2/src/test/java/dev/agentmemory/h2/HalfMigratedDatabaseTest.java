package dev.agentmemory.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confined to the JUnit thread: H2 commits DDL statement by statement, so a process killed
 * during the first open can leave tables without the version rows that record them. The next
 * open must finish the migration, not fail on what is already there.
 */
class HalfMigratedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void a_database_whose_version_rows_were_lost_is_migrated_again_and_works() throws Exception {
        Path file = dir.resolve("half");
        MemoryId kept;
        try (MemoryStore store = MemoryStores.open("h2:" + file)) {
            kept = store.namespace("t", "n").put(MemoryDraft.of("before").embedding(new float[] {1, 2}));
        }
        // What a kill between the DDL and the version insert leaves: the schema, no record of it.
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file, "", "");
                Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM schema_version");
        }
        try (MemoryStore store = MemoryStores.open("h2:" + file)) {
            Namespace ns = store.namespace("t", "n");
            assertThat(ns.get(kept)).as("the memory stored before").isPresent();
            MemoryId after = ns.put(MemoryDraft.of("after").embedding(new float[] {2, 1}));
            assertThat(ns.get(after)).isPresent();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file, "", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version)"
                        + " FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).as("every migration recorded once").isEqualTo(rs.getInt(2)).isPositive();
            assertThat(rs.getInt(3)).as("versions need not be consecutive").isGreaterThanOrEqualTo(rs.getInt(1));
        }
    }

    @Test
    void a_table_left_under_the_name_of_h2s_altering_copy_gets_its_name_back() throws Exception {
        Path file = dir.resolve("copied");
        MemoryId kept;
        try (MemoryStore store = MemoryStores.open("h2:" + file)) {
            kept = store.namespace("t", "n").put(MemoryDraft.of("before").embedding(new float[] {1, 2}));
        }
        // What a kill inside H2's ALTER TABLE leaves between dropping the original and renaming
        // its finished copy (seen in the crash tests): the rows under the copy's name, the
        // migration that altered it unrecorded; and a stray copy beside another intact table.
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file, "", "");
                Statement st = c.createStatement()) {
            st.executeUpdate("ALTER TABLE memories RENAME TO MEMORIES_COPY_3_0");
            st.executeUpdate("CREATE TABLE MEMORY_LINKS_COPY_5_1 AS SELECT * FROM memory_links");
            st.executeUpdate("CREATE TABLE NOTES_COPY_1_1 (x INT)");
            st.executeUpdate("DELETE FROM schema_version WHERE version > 1");
        }
        try (MemoryStore store = MemoryStores.open("h2:" + file)) {
            Namespace ns = store.namespace("t", "n");
            assertThat(ns.get(kept)).as("the memory stored before, found under the copy's name").isPresent();
            MemoryId after = ns.put(MemoryDraft.of("after").embedding(new float[] {2, 1}));
            assertThat(ns.get(after)).isPresent();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file, "", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT LISTAGG(TABLE_NAME, ',') WITHIN GROUP (ORDER BY TABLE_NAME)"
                        + " FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE '%\\_COPY\\_%' ESCAPE '\\'")) {
            rs.next();
            assertThat(rs.getString(1)).as("the store's copies are gone, a table not the store's is left alone")
                    .isEqualTo("NOTES_COPY_1_1");
        }
    }

    @Test
    void a_copy_cut_short_beside_its_original_is_dropped_with_the_foreign_keys_h2_gave_it() throws Exception {
        Path file = dir.resolve("cut-short");
        MemoryId kept;
        try (MemoryStore store = MemoryStores.open("h2:" + file)) {
            kept = store.namespace("t", "n").put(MemoryDraft.of("before").embedding(new float[] {1, 2})
                    .metadata(Map.of("k", "v")));
        }
        // What a kill inside H2's ALTER TABLE leaves before it drops the original (seen in the
        // crash tests): the copy beside the original, and the tables that reference the
        // original also referencing the copy under a constraint named after it.
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file, "", "");
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE MEMORIES_COPY_3_2 AS SELECT * FROM memories");
            st.executeUpdate("ALTER TABLE MEMORIES_COPY_3_2 ALTER COLUMN tenant SET NOT NULL");
            st.executeUpdate("ALTER TABLE MEMORIES_COPY_3_2 ALTER COLUMN id SET NOT NULL");
            st.executeUpdate("ALTER TABLE MEMORIES_COPY_3_2 ADD PRIMARY KEY (tenant, id)");
            st.executeUpdate("ALTER TABLE memory_metadata ADD CONSTRAINT MEMORIES_COPY_3_2_CONSTRAINT_BD"
                    + " FOREIGN KEY (tenant, memory_id) REFERENCES MEMORIES_COPY_3_2 (tenant, id)");
            st.executeUpdate("DELETE FROM schema_version WHERE version > 1");
        }
        try (MemoryStore store = MemoryStores.open("h2:" + file)) {
            Namespace ns = store.namespace("t", "n");
            assertThat(ns.get(kept)).as("the memory stored before").isPresent();
            MemoryId after = ns.put(MemoryDraft.of("after").embedding(new float[] {2, 1})
                    .metadata(Map.of("k", "w")));
            assertThat(ns.get(after)).isPresent();
            assertThat(ns.delete(kept)).as("a delete the copy's foreign key no longer blocks").isTrue();
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + file, "", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_NAME LIKE '%\\_COPY\\_%' ESCAPE '\\'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the copy is gone").isZero();
        }
    }
}
