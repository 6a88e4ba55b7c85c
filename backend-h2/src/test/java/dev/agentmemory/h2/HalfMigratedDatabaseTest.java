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
}
