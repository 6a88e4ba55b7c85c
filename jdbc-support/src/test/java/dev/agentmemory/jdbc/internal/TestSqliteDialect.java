package dev.agentmemory.jdbc.internal;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Immutable and thread-safe: the least a dialect must say for the shared SQL to run on a real
 * SQLite file, so this module's tests exercise the engine on a real database without depending
 * on backend-sqlite (which depends on this module). The backend's own dialect, with its
 * reasons, is {@code dev.agentmemory.sqlite.internal.SqliteDialect}, tested there.
 */
final class TestSqliteDialect implements SqlDialect {
    static final TestSqliteDialect INSTANCE = new TestSqliteDialect();

    private TestSqliteDialect() {}

    @Override
    public String name() {
        return "SQLite (test)";
    }

    @Override
    public Optional<String> beginWriteStatement() {
        return Optional.of("BEGIN IMMEDIATE");
    }

    @Override
    public Optional<String> beginReadStatement() {
        return Optional.of("BEGIN DEFERRED");
    }

    @Override
    public String addColumn(String table, String column, String type) {
        return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type;
    }

    @Override
    public String containsTest(String column) {
        return "instr(" + column + ", ?) > 0";
    }

    /** SQLITE_BUSY (5) and SQLITE_LOCKED (6), in the low byte of sqlite-jdbc's error code. */
    @Override
    public Optional<FailureKind> classify(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == 5 || primary == 6 ? Optional.of(FailureKind.RETRYABLE) : Optional.empty();
    }
}
