package dev.agentmemory.sqlite.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * Confined to the JUnit thread: the statement cache beneath the SQLite pools, on a real SQLite
 * file in WAL mode. Reuse, and everything a reused statement must not carry from one use to the
 * next: parameters, an open read, a failure, a closed lease.
 */
class StatementCachingDataSourceTest {
    private static final String SELECT = "SELECT id, body FROM t WHERE id >= ? ORDER BY id";

    @TempDir
    Path dir;

    private SQLiteDataSource physical;

    @BeforeEach
    void createTable() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        physical = new SQLiteDataSource(config);
        physical.setUrl("jdbc:sqlite:" + dir.resolve("cache.db"));
        try (Connection c = physical.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)");
            for (int i = 1; i <= 50; i++) {
                s.execute("INSERT INTO t VALUES (" + i + ", 'row " + i + "')");
            }
        }
    }

    private static JDBC4PreparedStatement underlying(PreparedStatement ps) throws SQLException {
        return ps.unwrap(JDBC4PreparedStatement.class);
    }

    @Test
    void the_same_sql_reuses_one_compiled_statement_with_fresh_parameters() throws SQLException {
        try (Connection c = new StatementCachingDataSource(physical, 8).getConnection()) {
            JDBC4PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                first = underlying(ps);
                ps.setInt(1, 40);
                assertThat(count(ps.executeQuery())).isEqualTo(11);
            }
            try (PreparedStatement ps = c.prepareStatement(SELECT, ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                assertThat(underlying(ps)).isSameAs(first);
                // The previous use's parameter was cleared: an unbound parameter is NULL.
                assertThat(count(ps.executeQuery())).isZero();
                ps.setInt(1, 50);
                assertThat(count(ps.executeQuery())).isEqualTo(1);
            }
        }
    }

    @Test
    void closing_a_half_read_statement_ends_its_read_so_a_checkpoint_completes() throws SQLException {
        try (Connection reader = new StatementCachingDataSource(physical, 8).getConnection();
                Connection writer = physical.getConnection()) {
            PreparedStatement ps = reader.prepareStatement(SELECT);
            ps.setInt(1, 1);
            ResultSet rs = ps.executeQuery();
            assertThat(rs.next()).isTrue();
            ps.close(); // the result set is left open on purpose
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO t VALUES (100, 'after the read')");
                assertThat(checkpointLag(s)).isZero();
            }
            // Without the reset, the reader's snapshot holds frames back (the test can fail):
            PreparedStatement held = physical.getConnection().prepareStatement(SELECT);
            held.setInt(1, 1);
            ResultSet open = held.executeQuery();
            assertThat(open.next()).isTrue();
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO t VALUES (101, 'while a read is open')");
                assertThat(checkpointLag(s)).isPositive();
            }
            held.getConnection().close();
        }
    }

    /** Frames in the WAL that a passive checkpoint could not copy back. */
    private static int checkpointLag(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return rs.getInt(2) - rs.getInt(3);
        }
    }

    @Test
    void a_nested_use_of_the_same_sql_gets_its_own_statement() throws SQLException {
        try (Connection c = new StatementCachingDataSource(physical, 8).getConnection()) {
            try (PreparedStatement outer = c.prepareStatement(SELECT);
                    PreparedStatement inner = c.prepareStatement(SELECT)) {
                assertThat(underlying(inner)).isNotSameAs(underlying(outer));
                outer.setInt(1, 49);
                inner.setInt(1, 50);
                ResultSet a = outer.executeQuery();
                ResultSet b = inner.executeQuery();
                assertThat(count(a)).isEqualTo(2);
                assertThat(count(b)).isEqualTo(1);
                JDBC4PreparedStatement own = underlying(inner);
                inner.close();
                assertThat(own.isClosed()).as("the uncached one is closed for real").isTrue();
            }
        }
    }

    @Test
    void a_closed_lease_refuses_calls_and_a_failed_statement_is_not_kept() throws SQLException {
        try (Connection c = new StatementCachingDataSource(physical, 8).getConnection()) {
            PreparedStatement insert = c.prepareStatement("INSERT INTO t (id, body) VALUES (?, ?)");
            JDBC4PreparedStatement before = underlying(insert);
            insert.setInt(1, 200);
            insert.setString(2, "row 1"); // duplicate body: a constraint failure
            assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
            insert.close();
            assertThat(insert.isClosed()).isTrue();
            assertThatThrownBy(() -> insert.setInt(1, 1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("closed");
            assertThat(before.isClosed()).isTrue();
            try (PreparedStatement again = c.prepareStatement("INSERT INTO t (id, body) VALUES (?, ?)")) {
                assertThat(underlying(again)).isNotSameAs(before);
                again.setInt(1, 200);
                again.setString(2, "row 200");
                assertThat(again.executeUpdate()).isEqualTo(1);
            }
        }
    }

    @Test
    void the_least_recently_used_statement_is_evicted_and_close_releases_all() throws SQLException {
        Connection c = new StatementCachingDataSource(physical, 2).getConnection();
        JDBC4PreparedStatement a = prepareAndClose(c, "SELECT 1");
        JDBC4PreparedStatement b = prepareAndClose(c, "SELECT 2");
        assertThat(prepareAndClose(c, "SELECT 1")).isSameAs(a); // a is now the most recent
        JDBC4PreparedStatement third = prepareAndClose(c, "SELECT 3");
        assertThat(b.isClosed()).as("least recently used, evicted").isTrue();
        assertThat(a.isClosed()).isFalse();
        c.close();
        assertThat(a.isClosed()).isTrue();
        assertThat(third.isClosed()).isTrue();
    }

    @Test
    void capacity_zero_hands_out_the_drivers_own_connection() throws SQLException {
        try (Connection c = new StatementCachingDataSource(physical, 0).getConnection()) {
            assertThat(c).isInstanceOf(org.sqlite.SQLiteConnection.class);
        }
        assertThatThrownBy(() -> new StatementCachingDataSource(physical, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JDBC4PreparedStatement prepareAndClose(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
            return underlying(ps);
        }
    }

    private static int count(ResultSet rs) throws SQLException {
        int n = 0;
        try (rs) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }
}
