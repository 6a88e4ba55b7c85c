package dev.agentmemory.sqlite.internal;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Immutable and thread-safe: the SQLite dialect.
 *
 * <p>Transactions are opened with explicit statements rather than through the driver:
 * sqlite-jdbc's {@code commit()} immediately re-issues its transaction prefix, so with
 * {@code BEGIN IMMEDIATE} every commit would take the write lock again for an empty
 * transaction, and could fail with {@code SQLITE_BUSY} after the data was committed (a
 * committed write reported as retryable would be applied twice by a retry).
 */
public final class SqliteDialect implements SqlDialect {
    /** The one instance. */
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    // Primary result codes (the low byte of extended codes such as SQLITE_BUSY_SNAPSHOT).
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private SqliteDialect() {}

    @Override
    public String name() {
        return "SQLite";
    }

    @Override
    public Optional<String> beginWriteStatement() {
        // Takes the write lock now (waiting up to busy_timeout), so a read-then-write
        // transaction can never fail to upgrade its lock halfway through.
        return Optional.of("BEGIN IMMEDIATE");
    }

    @Override
    public Optional<String> beginReadStatement() {
        // Deferred: the snapshot is taken by the first read and held until COMMIT (WAL).
        return Optional.of("BEGIN DEFERRED");
    }

    /**
     * SQLite has no {@code ADD COLUMN IF NOT EXISTS}; it needs none: its DDL is transactional,
     * so a migration is applied whole or not at all.
     */
    @Override
    public String addColumn(String table, String column, String type) {
        return "ALTER TABLE " + table + " ADD COLUMN " + column + " " + type;
    }

    @Override
    public String containsTest(String column) {
        // instr is case-sensitive and has no wildcards; SQLite has no POSITION.
        return "instr(" + column + ", ?) > 0";
    }

    /** SQLite's own check of the file: b-trees, free pages, indexes against their tables. */
    @Override
    public Optional<String> integrityCheckStatement() {
        return Optional.of("PRAGMA integrity_check");
    }

    @Override
    public int maxBindParameters() {
        return 32_766;
    }

    @Override
    public Optional<FailureKind> classify(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
            return Optional.of(FailureKind.RETRYABLE);
        }
        String message = e.getMessage();
        if (message != null && (message.startsWith("[SQLITE_BUSY") || message.startsWith("[SQLITE_LOCKED"))) {
            return Optional.of(FailureKind.RETRYABLE);
        }
        return Optional.empty();
    }
}
