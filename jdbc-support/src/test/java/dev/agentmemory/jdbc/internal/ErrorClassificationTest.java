package dev.agentmemory.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.agentmemory.StorageException;
import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.ErrorClassifier;
import dev.agentmemory.jdbc.JdbcEngine;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.StoredMemory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real SQLite failures, and the standard SQLState table, classified into failure kinds. */
class ErrorClassificationTest {
    /** Only the shared rules: a dialect that adds none. */
    private static final SqlDialect STANDARD = () -> "standard SQL";

    @TempDir
    Path dir;

    @Test
    void busyDatabaseIsRetryableAndNamesTheEngine() throws Exception {
        Path file = dir.resolve("busy.db");
        try (JdbcEngine engine = TestDb.engine(file, 0, 30_000); Connection other = TestDb.raw(file, 0);
                Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            StorageException e = catchThrowableOfType(StorageException.class, () -> engine.write(s -> {
                s.ensureNamespace("t", "n");
                return null;
            }));
            assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).startsWith("[sqlite:" + file + "]").contains("SQLITE_BUSY")
                    .contains("nothing was applied");
            assertThat(engine.<Long>read(s -> s.currentSequence("t", "n"))).as("readers still work").isZero();
            st.execute("ROLLBACK");
            engine.write(s -> {
                s.ensureNamespace("t", "n");
                return null;
            });
            assertThat(engine.<Long>write(s -> s.advanceSequence("t", "n", 1))).as("the writer recovered").isEqualTo(1);
        }
    }

    @Test
    void constraintViolationIsPermanentAndRollsBackTheTransaction() {
        try (JdbcEngine engine = TestDb.engine(dir.resolve("constraint.db"))) {
            StoredMemory m = TestDb.memory("t", "n", "x", Map.of("k", 1L), 1, 1, 1);
            engine.write(s -> {
                s.ensureNamespace("t", "n");
                s.insert(List.of(m));
                return null;
            });
            StorageException e = catchThrowableOfType(StorageException.class, () -> engine.write(s -> {
                s.advanceSequence("t", "n", 1);
                s.insert(List.of(m));
                return null;
            }));
            assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT);
            assertThat(e.getMessage()).contains("SQLITE_CONSTRAINT").contains("retrying will not help");
            assertThat(engine.<Long>read(s -> s.currentSequence("t", "n"))).as("counter rolled back").isZero();
            assertThat(engine.<Long>read(s -> s.count("t", "n", null))).isEqualTo(1);
        }
    }

    @Test
    void diskFullIsPermanentAndLeavesNothingHalfWritten() {
        // max_page_count caps the file: the same SQLITE_FULL a full disk gives.
        try (JdbcEngine engine = TestDb.engine(dir.resolve("full.db"), 10_000, 30_000, sc -> sc.setMaxPageCount(40))) {
            engine.write(s -> {
                s.ensureNamespace("t", "n");
                return null;
            });
            String big = "x".repeat(400_000);
            StorageException e = catchThrowableOfType(StorageException.class, () -> engine.write(s -> {
                s.advanceSequence("t", "n", 1);
                s.insert(List.of(TestDb.memory("t", "n", big, Map.of(), 1, 1, 1)));
                return null;
            }));
            assertThat(e.kind()).isEqualTo(FailureKind.PERMANENT);
            assertThat(e.getMessage()).contains("SQLITE_FULL");
            assertThat(engine.<Long>read(s -> s.count("t", "n", null))).isZero();
            assertThat(engine.<Long>write(s -> s.advanceSequence("t", "n", 1))).as("usable afterwards").isEqualTo(1);
        }
    }

    @Test
    void poolBorrowTimeoutIsRetryable() throws Exception {
        try (JdbcEngine engine = TestDb.engine(dir.resolve("pool.db"), 10_000, 250)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> engine.write(s -> {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }), "holder");
            holder.start();
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            StorageException e = catchThrowableOfType(StorageException.class, () -> engine.write(s -> null));
            release.countDown();
            holder.join(10_000);
            assertThat(e.kind()).isEqualTo(FailureKind.RETRYABLE);
            assertThat(e).hasRootCauseInstanceOf(SQLTransientConnectionException.class);
            assertThat(e.getMessage()).contains("request timed out after");
            assertThat(engine.<Integer>write(s -> 1)).as("the pool recovers").isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "SQLState {0} -> {1}")
    @CsvSource({
        "08006, UNKNOWN_OUTCOME", "08003, UNKNOWN_OUTCOME", "40001, RETRYABLE", "HYT00, RETRYABLE",
        "23505, PERMANENT", "42P01, PERMANENT", "53100, PERMANENT",
        // PostgreSQL's own states are its dialect's (backend-postgres PostgresStatesTest), not shared rules.
        "57P01, PERMANENT", "40P01, PERMANENT"})
    void sqlStates(String state, FailureKind kind) {
        ErrorClassifier classifier = new ErrorClassifier(STANDARD, "test");
        SQLException e = new SQLException("observed", state);
        assertThat(classifier.classify(e)).isEqualTo(kind);
        // Wrapped as Jdbi wraps it, the first classifiable exception of the chain decides.
        assertThat(classifier.classify(new UnableToExecuteStatementException(e, null))).isEqualTo(kind);
        assertThat(classifier.classify(new SQLTransientConnectionException("borrow", "08001", e)))
                .as("a borrow that failed to open a connection ran nothing: the database is unavailable")
                .isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(classifier.classify(new SQLTransientConnectionException("borrow timed out")))
                .as("a borrow that found every connection busy ran nothing").isEqualTo(FailureKind.RETRYABLE);
    }

    @Test
    void messagesNeverLoseTheCause() {
        SQLException cause = new SQLException("connection reset", "08006");
        StorageException e = new ErrorClassifier(STANDARD, "postgresql://db:5432/m").translate(cause);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.getMessage()).startsWith("[postgresql://db:5432/m]").contains("connection reset")
                .contains("08006").contains("may or may not");
    }

    @Test
    void aPoolTimeoutSaysWhetherTheDatabaseIsUnreachableOrThePoolExhausted() {
        ErrorClassifier classifier = new ErrorClassifier(STANDARD, "postgresql://db:5432/m");
        String hikari = "pool - Connection is not available, request timed out after 1000ms"
                + " (total=2, active=2, idle=0, waiting=1)";
        StorageException exhausted = classifier.translate(new SQLTransientConnectionException(hikari));
        assertThat(exhausted.kind()).isEqualTo(FailureKind.RETRYABLE);
        assertThat(exhausted.getMessage()).contains("total=2, active=2, idle=0, waiting=1").contains("exhausted")
                .doesNotContain("unreachable");
        SQLException refused = new SQLException("Connection to db:5432 refused", "08001");
        StorageException down = classifier.translate(new SQLTransientConnectionException(hikari, "08001", refused));
        assertThat(down.kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(down.isTransient()).isTrue();
        assertThat(down.getMessage()).contains("unreachable").contains("Connection to db:5432 refused")
                .doesNotContain("exhausted");
    }

    @Test
    void messagesLeaveOutTheSqlTextADriverAppends() {
        SQLException h2 = new SQLException("Table \"MEMORIES\" not found; SQL statement:\nSELECT m.id FROM memories m"
                + " WHERE m.tenant = ? [42102-240]", "42S02");
        StorageException e = new ErrorClassifier(STANDARD, "h2:./m").translate(h2);
        assertThat(e.getMessage()).contains("Table \"MEMORIES\" not found").doesNotContain("SELECT")
                .doesNotContain("SQL statement");
        assertThat(e.getCause()).as("the cause keeps the full text").isSameAs(h2);
    }
}
