package dev.agentmemory.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.agentmemory.jdbc.JdbcEngine;
import dev.agentmemory.spi.KeywordHit;
import dev.agentmemory.spi.KeywordQuery;
import dev.agentmemory.spi.StoredMemory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migrator creates the schema once and is idempotent. */
class MigratorTest {
    @TempDir
    Path dir;

    @Test
    void migratingTwiceAppliesNothingTheSecondTime() throws Exception {
        Path file = dir.resolve("m.db");
        try (HikariDataSource pool = TestDb.pool(file, "m", 1, 5_000, 30_000)) {
            Jdbi jdbi = Jdbi.create(pool);
            TransactionRunner runner = new TransactionRunner(TestSqliteDialect.INSTANCE, "test");
            assertThat(runner.migrate(jdbi)).isEqualTo(Migrations.ALL.size());
            assertThat(runner.migrate(jdbi)).isZero();
            assertThat(runner.migrate(jdbi)).isZero();
        }
        try (Connection c = TestDb.raw(file, 5_000); Statement st = c.createStatement()) {
            assertThat(strings(st, "SELECT version || ':' || description FROM schema_version"))
                    .containsExactly("1:namespaces, memories, metadata, tombstones",
                            "2:dedup hash, expiry, history, links, conversations",
                            "3:keyword index over memory content",
                            "4:namespace incarnation, the reset signal of erasure",
                            "5:keyword index: inserts written per batch, word statistics");
            assertThat(strings(st, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                    .containsExactly("conversation_messages", "conversations", "memories", "memory_history",
                            "memory_history_metadata", "memory_links", "memory_metadata", "memory_terms", "namespaces",
                            "schema_version", "tombstones");
        }
        // An engine opening the migrated file finds nothing to do and works.
        try (JdbcEngine engine = TestDb.engine(file)) {
            assertThat(engine.<Long>read(s -> s.currentSequence("t", "n"))).isZero();
        }
    }

    @Test
    void aMigrationNumberedBelowOneAppliedIsStillApplied() throws Exception {
        // Migrations developed side by side may be merged out of order: a database at version N+2
        // that lacks N+1 gets it on its next open, and nothing else runs twice.
        Path file = dir.resolve("gap.db");
        int next = Migrations.latest() + 1;
        Migration late = new Migration(next, "a table developed beside the one after it",
                d -> List.of("CREATE TABLE IF NOT EXISTS late_table (tenant " + d.varcharType(64) + " NOT NULL)"));
        Migration after = new Migration(next + 1, "the migration merged first", d -> List.of());
        List<Migration> withoutLate = new ArrayList<>(Migrations.ALL);
        withoutLate.add(after);
        List<Migration> withLate = new ArrayList<>(Migrations.ALL);
        withLate.add(late);
        withLate.add(after);
        try (HikariDataSource pool = TestDb.pool(file, "gap", 1, 5_000, 30_000)) {
            Jdbi jdbi = Jdbi.create(pool);
            int first = jdbi.inTransaction(h -> new Migrator(TestSqliteDialect.INSTANCE, "test", withoutLate)
                    .migrate(h, 0));
            int second = jdbi.inTransaction(h -> new Migrator(TestSqliteDialect.INSTANCE, "test", withLate)
                    .migrate(h, 0));
            assertThat(first).isEqualTo(withoutLate.size());
            assertThat(second).as("only the missing one").isEqualTo(1);
        }
        try (Connection c = TestDb.raw(file, 5_000); Statement st = c.createStatement()) {
            List<String> versions = new ArrayList<>();
            for (Migration m : withLate) {
                versions.add(Integer.toString(m.version()));
            }
            assertThat(strings(st, "SELECT version FROM schema_version ORDER BY version"))
                    .containsExactlyElementsOf(versions);
            assertThat(strings(st, "SELECT name FROM sqlite_master WHERE name = 'late_table'")).hasSize(1);
        }
    }

    @Test
    void everyKeyIncludesTheTenant() throws Exception {
        Path file = dir.resolve("keys.db");
        TestDb.engine(file).close();
        try (Connection c = TestDb.raw(file, 5_000); Statement st = c.createStatement()) {
            for (String table : List.of("namespaces", "memories", "memory_metadata", "tombstones", "memory_history",
                    "memory_history_metadata", "memory_links", "conversations", "conversation_messages", "memory_terms")) {
                List<String> pk = strings(st, "SELECT name FROM pragma_table_info('" + table + "') WHERE pk > 0 ORDER BY pk");
                assertThat(pk).as(table + " primary key").first().isEqualTo("tenant");
                List<String> fkFrom = strings(st, "SELECT \"from\" FROM pragma_foreign_key_list('" + table + "')");
                if (!fkFrom.isEmpty()) {
                    assertThat(fkFrom).as(table + " foreign key").contains("tenant");
                }
                for (String index : strings(st, "SELECT name FROM pragma_index_list('" + table + "')")) {
                    if (index.equals("memories_by_expiry")) {
                        // The purge's index: a plain index (no constraint) that finds expired rows
                        // of every tenant; on a sharded server each shard uses its own.
                        continue;
                    }
                    assertThat(strings(st, "SELECT name FROM pragma_index_info('" + index + "') ORDER BY seqno"))
                            .as(index).first().isEqualTo("tenant");
                }
            }
        }
    }

    @Test
    void migration_three_builds_the_keyword_rows_of_memories_stored_before_it() throws Exception {
        Path file = dir.resolve("v2.db");
        List<StoredMemory> rows = new ArrayList<>();
        for (int i = 0; i < 1_203; i++) {
            // More than two backfill pages, in two tenants, so the paging by key is exercised.
            rows.add(TestDb.memory(i % 3 == 0 ? "t2" : "t1", "n", (i == 700 ? "needle " : "hay ") + "row " + i,
                    java.util.Map.of(), 1_000, 1_000, i + 1));
        }
        try (HikariDataSource pool = TestDb.pool(file, "v2", 1, 5_000, 30_000)) {
            Jdbi jdbi = Jdbi.create(pool);
            Migrator upToTwo = new Migrator(TestSqliteDialect.INSTANCE, "test", Migrations.ALL.subList(0, 2));
            jdbi.useTransaction(h -> {
                upToTwo.migrate(h, 1);
                h.execute("INSERT INTO namespaces (tenant, namespace, seq, created_at) VALUES ('t1', 'n', 2000, 1),"
                        + " ('t2', 'n', 2000, 1)");
                // A database written before migration 3 has no term rows: insert the memories bare.
                new MemoryWrites(new SqlDialectWithoutKeywords()).insert(h, rows);
                assertThat(h.createQuery("SELECT COUNT(*) FROM memories").mapTo(Integer.class).one()).isEqualTo(1_203);
            });
        }
        try (JdbcEngine engine = TestDb.engine(file)) {
            List<KeywordHit> needle = engine.read(s -> s.keywordSearch("t1", List.of("n"), KeywordQuery.of("needle"),
                    null, 10));
            assertThat(needle.stream().map(KeywordHit::id).toList()).containsExactly(rows.get(700).memory().id());
            List<KeywordHit> hay = engine.read(s -> s.keywordSearch("t2", List.of("n"), KeywordQuery.of("hay"), null,
                    1_000));
            assertThat(hay).as("every memory of t2 got its rows").hasSize(401);
        }
        try (Connection c = TestDb.raw(file, 5_000); Statement st = c.createStatement()) {
            assertThat(strings(st, "SELECT COUNT(DISTINCT memory_id) FROM memory_terms")).containsExactly("1203");
        }
    }

    /** The test dialect with keyword search off: writes memories as a version-2 library did. */
    private static final class SqlDialectWithoutKeywords implements dev.agentmemory.jdbc.SqlDialect {
        @Override
        public String name() {
            return "SQLite (test, no keywords)";
        }

        @Override
        public boolean supportsKeywordSearch() {
            return false;
        }
    }

    private static List<String> strings(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
