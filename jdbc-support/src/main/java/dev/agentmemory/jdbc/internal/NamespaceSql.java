package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.NamespaceCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: the statements on the {@code namespaces} table: the namespace
 * row, its change counter and its embedding dimension. Every statement is keyed by tenant.
 */
final class NamespaceSql {
    /** Creates the row at {@code count} or adds {@code count}; returns the counter and the dimension. */
    private static final String UPSERT_RETURNING = "INSERT INTO namespaces (tenant, namespace, seq, created_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant, namespace) DO UPDATE SET seq = namespaces.seq + excluded.seq"
            + " RETURNING seq, dimension";

    private final CounterSql counter;
    private final boolean upsertReturning;

    NamespaceSql(SqlDialect dialect) {
        this.counter = new CounterSql(dialect, "namespaces", "namespace");
        this.upsertReturning = dialect.supportsUpsertReturning();
    }

    /**
     * Creates the namespace row if needed and advances its counter, locking the row: one
     * statement where the dialect has an upsert with {@code RETURNING}, three otherwise.
     */
    NamespaceCounter advanceCreating(Handle h, String tenant, String namespace, int count, long nowMicros) {
        if (!upsertReturning) {
            ensure(h, tenant, namespace, nowMicros);
            return new NamespaceCounter(advance(h, tenant, namespace, count), dimension(h, tenant, namespace));
        }
        // Plain JDBC: this runs in every write, and Jdbi's per-statement work costs more than SQLite's.
        try (PreparedStatement ps = h.getConnection().prepareStatement(UPSERT_RETURNING)) {
            ps.setString(1, tenant);
            ps.setString(2, namespace);
            ps.setLong(3, count);
            ps.setLong(4, nowMicros);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the namespace upsert returned no row for " + tenant + "/"
                            + namespace);
                }
                long seq = rs.getLong(1);
                int dim = rs.getInt(2);
                return new NamespaceCounter(seq, rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(dim));
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    void ensure(Handle h, String tenant, String namespace, long nowMicros) {
        counter.ensure(h, tenant, namespace, nowMicros);
    }

    long advance(Handle h, String tenant, String namespace, int count) {
        return counter.advance(h, tenant, namespace, count);
    }

    long current(Connection c, String tenant, String namespace) {
        return counter.current(c, tenant, namespace);
    }

    OptionalInt dimension(Handle h, String tenant, String namespace) {
        Optional<Integer> dim = h.createQuery("SELECT dimension FROM namespaces WHERE tenant = ? AND namespace = ?")
                .bind(0, tenant).bind(1, namespace).map((rs, ctx) -> {
                    int d = rs.getInt(1);
                    return rs.wasNull() ? -1 : d;
                }).findOne();
        return dim.isEmpty() || dim.get() < 0 ? OptionalInt.empty() : OptionalInt.of(dim.get());
    }

    void setDimension(Handle h, String tenant, String namespace, int dimension) {
        h.createUpdate("UPDATE namespaces SET dimension = ? WHERE tenant = ? AND namespace = ?")
                .bind(0, dimension).bind(1, tenant).bind(2, namespace).execute();
    }
}
