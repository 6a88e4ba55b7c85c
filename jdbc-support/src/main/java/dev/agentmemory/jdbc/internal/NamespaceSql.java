package dev.agentmemory.jdbc.internal;

import dev.agentmemory.jdbc.SqlDialect;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;

/**
 * Immutable and thread-safe: the statements on the {@code namespaces} table: the namespace
 * row, its change counter and its embedding dimension. Every statement is keyed by tenant.
 */
final class NamespaceSql {
    private final CounterSql counter;

    NamespaceSql(SqlDialect dialect) {
        this.counter = new CounterSql(dialect, "namespaces", "namespace");
    }

    void ensure(Handle h, String tenant, String namespace, long nowMicros) {
        counter.ensure(h, tenant, namespace, nowMicros);
    }

    long advance(Handle h, String tenant, String namespace, int count) {
        return counter.advance(h, tenant, namespace, count);
    }

    long current(Handle h, String tenant, String namespace) {
        return counter.current(h, tenant, namespace);
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
