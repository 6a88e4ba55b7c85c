package dev.agentmemory.h2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.ErrorClassifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dialect's SQL and error classification, against real H2 errors. */
class H2DialectTest {
    private final ErrorClassifier classifier = new ErrorClassifier(H2Dialect.INSTANCE, "h2:mem:dialect");
    private final String url = "jdbc:h2:mem:dialect-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=100";
    private Connection a;
    private Connection b;

    @BeforeEach
    void open() throws SQLException {
        a = DriverManager.getConnection(url);
        b = DriverManager.getConnection(url);
        try (Statement s = a.createStatement()) {
            s.execute("CREATE TABLE namespaces (tenant VARCHAR(64) NOT NULL, namespace VARCHAR(64) NOT NULL,"
                    + " seq BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, PRIMARY KEY (tenant, namespace))");
            s.execute("CREATE TABLE other (k INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        try (Statement s = a.createStatement()) {
            s.execute("SHUTDOWN");
        }
        b.close();
    }

    @Test
    void aLockTimeoutIsRetryable() throws SQLException {
        insert(a, "t", "n", 0);
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        update(a, "t", "n");
        SQLException e = catchThrowableOfType(SQLException.class, () -> update(b, "t", "n"));
        assertThat(e.getErrorCode()).as(e.getMessage()).isEqualTo(H2Dialect.LOCK_TIMEOUT);
        assertThat(classifier.classify(e)).isEqualTo(FailureKind.RETRYABLE);
        assertThat(classifier.translate(e).getMessage()).contains("h2:mem:dialect").contains("HYT00");
    }

    @Test
    void theIgnoringInsertKeepsTheExistingRowAndItsCounter() throws SQLException {
        insert(a, "t", "n", 0);
        update(a, "t", "n");
        assertThat(insert(a, "t", "n", 99)).as("rows inserted over an existing key").isZero();
        assertThat(seq(a, "t", "n")).as("the counter is not reset").isEqualTo(1);
    }

    @Test
    void aConcurrentCreationOfTheSameNamespaceIsRetryable() throws SQLException {
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        insert(a, "t", "n", 0);
        SQLException uncommitted = catchThrowableOfType(SQLException.class, () -> insert(b, "t", "n", 0));
        assertThat((Object) uncommitted).as("the other insert is not committed yet").isNotNull();
        assertThat(classifier.classify(uncommitted)).as(uncommitted.getMessage()).isEqualTo(FailureKind.RETRYABLE);
        a.commit();
        b.rollback();
        assertThat(insert(b, "t", "n", 0)).as("after the commit the insert finds the row").isZero();
    }

    @Test
    void aDuplicateNamespaceRowIsRetryable() throws SQLException {
        // What the second creator sees when the first committed between its check and its insert.
        try (Statement s = a.createStatement()) {
            s.execute("INSERT INTO namespaces (tenant, namespace, created_at) VALUES ('t', 'n', 1)");
            SQLException e = catchThrowableOfType(SQLException.class,
                    () -> s.execute("INSERT INTO namespaces (tenant, namespace, created_at) VALUES ('t', 'n', 2)"));
            assertThat(e.getErrorCode()).isEqualTo(H2Dialect.DUPLICATE_KEY);
            assertThat(classifier.classify(e)).as(e.getMessage()).isEqualTo(FailureKind.RETRYABLE);
        }
    }

    @Test
    void otherDuplicateKeysArePermanent() throws SQLException {
        try (Statement s = a.createStatement()) {
            s.execute("INSERT INTO other VALUES (1)");
            SQLException e = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO other VALUES (1)"));
            assertThat(e.getErrorCode()).isEqualTo(H2Dialect.DUPLICATE_KEY);
            assertThat(classifier.classify(e)).isEqualTo(FailureKind.PERMANENT);
        }
    }

    @Test
    void stringsOrderByCodePoint() throws SQLException {
        // U+1F600 is above U+FB01 by code point, below it by UTF-16 code unit.
        String sql = "SELECT CASE WHEN " + H2Dialect.INSTANCE.compareStrings("x", ">") + " THEN 1 ELSE 0 END"
                + " FROM (VALUES ('\ud83d\ude00')) v(x)";
        try (PreparedStatement p = a.prepareStatement(sql)) {
            p.setString(1, "\ufb01");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
        assertThat(H2Dialect.INSTANCE.compareStrings("x", "=")).isEqualTo("x = ?");
    }

    private static int insert(Connection c, String tenant, String namespace, long seq) throws SQLException {
        String sql = H2Dialect.INSTANCE.insertIgnoringDuplicates("namespaces",
                List.of("tenant", "namespace", "seq", "created_at"), List.of("tenant", "namespace"));
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, tenant);
            p.setString(2, namespace);
            p.setLong(3, seq);
            p.setLong(4, 1L);
            return p.executeUpdate();
        }
    }

    private static void update(Connection c, String tenant, String namespace) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE namespaces SET seq = seq + 1 WHERE tenant = ?"
                + " AND namespace = ?")) {
            p.setString(1, tenant);
            p.setString(2, namespace);
            p.executeUpdate();
        }
    }

    private static long seq(Connection c, String tenant, String namespace) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT seq FROM namespaces WHERE tenant = ? AND namespace = ?")) {
            p.setString(1, tenant);
            p.setString(2, namespace);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
