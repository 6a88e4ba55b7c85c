package dev.agentmemory.sqlite.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;

/**
 * Thread-safe: static methods only. Puts a database file in WAL mode before any pool opens it.
 *
 * <p>Switching a file to WAL needs an exclusive lock, and SQLite does not call the busy handler
 * for it: when several processes open a new file at the same moment, the losers' first
 * connection fails at once with {@code SQLITE_BUSY} (seen with six engines opening one new
 * file). WAL mode is persistent, so it is set here once, with short jittered retries bounded
 * by {@code busy_timeout}; the pools' own {@code journal_mode=WAL} then finds it already set.
 */
final class WalBootstrap {
    private WalBootstrap() {}

    /**
     * Sets WAL mode on {@code file}.
     *
     * @throws SQLException if the file cannot be opened, or stays locked for longer than
     *     {@code busyTimeoutMillis}
     */
    static void ensureWal(Path file, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(busyTimeoutMillis);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        long deadline = System.nanoTime() + busyTimeoutMillis * 1_000_000L;
        while (true) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                String mode = rs.next() ? rs.getString(1) : "";
                if (!"wal".equals(mode.toLowerCase(Locale.ROOT))) {
                    throw new SQLException("journal_mode=WAL was refused (the mode is '" + mode + "'); "
                            + "WAL needs a file system with shared memory, not a network share");
                }
                return;
            } catch (SQLException e) {
                if (!isBusy(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep(5 + ThreadLocalRandom.current().nextInt(20));
            }
        }
    }

    private static boolean isBusy(SQLException e) {
        return (e.getErrorCode() & 0xFF) == SQLiteErrorCode.SQLITE_BUSY.code
                || (e.getErrorCode() & 0xFF) == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to set WAL mode", e);
        }
    }
}
