package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: a per-key counter row (a namespace's change counter, a
 * conversation's message counter): created on demand, advanced under the row's lock, which is
 * held to the end of the transaction and so orders the commits of everyone who advances it.
 */
final class CounterSql {
    private final String table;
    private final String key;
    private final String insertIgnoring;
    private final boolean returning;
    private final String currentSql;

    /**
     * @param table a table with columns {@code tenant}, {@code key}, {@code seq} and {@code created_at}
     * @param key the name of the key column
     */
    CounterSql(SqlDialect dialect, String table, String key) {
        this.table = table;
        this.key = key;
        this.insertIgnoring = dialect.insertIgnoringDuplicates(table, List.of("tenant", key, "seq", "created_at"),
                List.of("tenant", key));
        this.returning = dialect.supportsUpdateReturning();
        this.currentSql = "SELECT seq FROM " + table + " WHERE tenant = ? AND " + key + " = ?";
    }

    /** Creates the row with counter 0 if it does not exist. */
    void ensure(Handle h, String tenant, String value, long nowMicros) {
        h.createUpdate(insertIgnoring).bind(0, tenant).bind(1, value).bind(2, 0L).bind(3, nowMicros).execute();
    }

    /** Adds {@code count}; returns the new value, or 0 if there is no row (nothing locked then). */
    long advance(Handle h, String tenant, String value, long count) {
        String update = "UPDATE " + table + " SET seq = seq + ? WHERE tenant = ? AND " + key + " = ?";
        if (returning) {
            Optional<Long> seq = h.createQuery(update + " RETURNING seq")
                    .bind(0, count).bind(1, tenant).bind(2, value).mapTo(Long.class).findOne();
            return seq.orElse(0L);
        }
        int updated = h.createUpdate(update).bind(0, count).bind(1, tenant).bind(2, value).execute();
        return updated == 0 ? 0 : current(h.getConnection(), tenant, value);
    }

    /** Sets the counter back to 0 under the row's lock; false if there is no row. */
    boolean reset(Handle h, String tenant, String value) {
        return h.createUpdate("UPDATE " + table + " SET seq = 0 WHERE tenant = ? AND " + key + " = ?")
                .bind(0, tenant).bind(1, value).execute() > 0;
    }

    /** The counter, 0 if there is no row. */
    long current(Connection c, String tenant, String value) {
        // Plain JDBC: this is the freshness check before every search.
        try (PreparedStatement ps = c.prepareStatement(currentSql)) {
            ps.setString(1, tenant);
            ps.setString(2, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }
}
