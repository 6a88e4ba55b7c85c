package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.NamespaceCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.agentmemory.spi.FeedPosition;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: the statements on the {@code namespaces} table: the namespace
 * row, its change counter and its embedding dimension. Every statement is keyed by tenant.
 */
final class NamespaceSql {
    /** Creates the row at {@code count} or adds {@code count}; returns the counter and the dimension. */
    private static final String UPSERT_RETURNING = "INSERT INTO namespaces (tenant, namespace, seq, created_at,"
            + " incarnation) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, namespace) DO UPDATE"
            + " SET seq = namespaces.seq + excluded.seq RETURNING seq, dimension";
    private static final String POSITION = "SELECT incarnation, seq FROM namespaces WHERE tenant = ? AND namespace = ?";

    private final CounterSql counter;
    private final boolean upsertReturning;
    private final String insertIgnoring;
    private final String namesSql;

    NamespaceSql(SqlDialect dialect) {
        this.counter = new CounterSql(dialect, "namespaces", "namespace");
        this.upsertReturning = dialect.supportsUpsertReturning();
        this.insertIgnoring = dialect.insertIgnoringDuplicates("namespaces",
                List.of("tenant", "namespace", "seq", "created_at", "incarnation"), List.of("tenant", "namespace"));
        this.namesSql = namesAfter(dialect, "namespaces", "namespace");
    }

    /**
     * A query of the names in {@code column} of one tenant after a bound name, in code-point order
     * whatever the database's collation, so that pages follow each other on every backend.
     */
    static String namesAfter(SqlDialect dialect, String table, String column) {
        return "SELECT " + column + " FROM " + table + " WHERE tenant = ? AND " + dialect.compareStrings(column, ">")
                + " ORDER BY " + column + dialect.codePointCollation() + " LIMIT ?";
    }

    /**
     * A fresh incarnation for a namespace row created now: random, so that a namespace erased and
     * created again by any process gets another one than the indexes elsewhere loaded (two equal
     * draws of 63 bits do not happen in practice). Erasure inside an existing row adds one instead.
     */
    static long freshIncarnation() {
        return ThreadLocalRandom.current().nextLong(2, Long.MAX_VALUE);
    }

    /**
     * Creates the namespace row if needed and advances its counter, locking the row: one
     * statement where the dialect has an upsert with {@code RETURNING}, three otherwise.
     */
    NamespaceCounter advanceCreating(Handle h, String tenant, String namespace, int count, long nowMicros) {
        if (!upsertReturning) {
            long seq = 0;
            for (int attempt = 0; seq == 0 && attempt < 3; attempt++) {
                // The row can vanish between the insert and the update when an erasure that held
                // its lock commits in between: create it again.
                ensure(h, tenant, namespace, nowMicros);
                seq = advance(h, tenant, namespace, count);
            }
            return new NamespaceCounter(seq, dimension(h, tenant, namespace));
        }
        // Plain JDBC: this runs in every write, and Jdbi's per-statement work costs more than SQLite's.
        try (PreparedStatement ps = h.getConnection().prepareStatement(UPSERT_RETURNING)) {
            ps.setString(1, tenant);
            ps.setString(2, namespace);
            ps.setLong(3, count);
            ps.setLong(4, nowMicros);
            ps.setLong(5, freshIncarnation());
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
        h.createUpdate(insertIgnoring).bind(0, tenant).bind(1, namespace).bind(2, 0L).bind(3, nowMicros)
                .bind(4, freshIncarnation()).execute();
    }

    long advance(Handle h, String tenant, String namespace, int count) {
        return counter.advance(h, tenant, namespace, count);
    }

    long current(Connection c, String tenant, String namespace) {
        return counter.current(c, tenant, namespace);
    }

    /** The incarnation and counter in one primary-key read: the freshness check before every search. */
    FeedPosition position(Handle h, String tenant, String namespace) {
        // Plain JDBC, as the counter read it replaces.
        try (PreparedStatement ps = h.getConnection().prepareStatement(POSITION)) {
            ps.setString(1, tenant);
            ps.setString(2, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new FeedPosition(rs.getLong(1), rs.getLong(2)) : FeedPosition.ABSENT;
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /**
     * Advances the counter and gives the namespace a new incarnation, under the row's lock: what
     * an erasure does so that every index of the namespace loads it again.
     *
     * @return false if there is no row
     */
    boolean reincarnate(Handle h, String tenant, String namespace) {
        return h.createUpdate("UPDATE namespaces SET seq = seq + 1, incarnation = incarnation + 1"
                + " WHERE tenant = ? AND namespace = ?").bind(0, tenant).bind(1, namespace).execute() > 0;
    }

    /** Up to {@code limit} namespace names of the tenant after {@code after} (null: from the start), in order. */
    List<String> names(Handle h, String tenant, String after, int limit) {
        return h.createQuery(namesSql).bind(0, tenant).bind(1, after == null ? "" : after).bind(2, limit).mapTo(String.class).list();
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
