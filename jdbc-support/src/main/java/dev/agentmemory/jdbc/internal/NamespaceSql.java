package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: the statements on the {@code namespaces} table: the namespace
 * row, its change counter and its embedding dimension. Every statement is keyed by tenant.
 */
final class NamespaceSql {
    private final String insertIgnoring;
    private final boolean returning;

    NamespaceSql(SqlDialect dialect) {
        this.insertIgnoring = dialect.insertIgnoringDuplicates("namespaces",
                List.of("tenant", "namespace", "seq", "created_at"), List.of("tenant", "namespace"));
        this.returning = dialect.supportsUpdateReturning();
    }

    void ensure(Handle h, String tenant, String namespace, long nowMicros) {
        h.createUpdate(insertIgnoring).bind(0, tenant).bind(1, namespace).bind(2, 0L).bind(3, nowMicros).execute();
    }

    long advance(Handle h, String tenant, String namespace, int count) {
        if (returning) {
            // The row lock taken here is held to the end of the transaction: it orders commits.
            Optional<Long> seq = h.createQuery("UPDATE namespaces SET seq = seq + ? WHERE tenant = ? AND namespace = ?"
                            + " RETURNING seq")
                    .bind(0, (long) count).bind(1, tenant).bind(2, namespace).mapTo(Long.class).findOne();
            return seq.orElse(0L);
        }
        int updated = h.createUpdate("UPDATE namespaces SET seq = seq + ? WHERE tenant = ? AND namespace = ?")
                .bind(0, (long) count).bind(1, tenant).bind(2, namespace).execute();
        return updated == 0 ? 0 : current(h, tenant, namespace);
    }

    long current(Handle h, String tenant, String namespace) {
        return h.createQuery("SELECT seq FROM namespaces WHERE tenant = ? AND namespace = ?")
                .bind(0, tenant).bind(1, namespace).mapTo(Long.class).findOne().orElse(0L);
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
