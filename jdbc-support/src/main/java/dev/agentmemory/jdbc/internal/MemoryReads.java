package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.StoredMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Immutable and thread-safe: the queries that read memories: by id, by filter in id order,
 * counts, and the change batch of a namespace. Every query is keyed by tenant.
 */
final class MemoryReads {
    private final FilterCompiler filters;
    private final RowReader reader;
    private final int chunk;

    MemoryReads(SqlDialect dialect) {
        this.filters = new FilterCompiler(dialect);
        this.reader = new RowReader(dialect);
        this.chunk = Math.max(1, Math.min(500, dialect.maxBindParameters() - 2));
    }

    List<StoredMemory> find(Handle h, String tenant, String namespace, Collection<MemoryId> ids) {
        List<String> all = ids.stream().map(MemoryId::toString).distinct().toList();
        List<StoredMemory> out = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += chunk) {
            List<String> part = all.subList(from, Math.min(all.size(), from + chunk));
            StringBuilder sql = new StringBuilder("SELECT ").append(RowReader.COLUMNS)
                    .append(" FROM memories m WHERE m.tenant = ?");
            List<Object> args = new ArrayList<>();
            args.add(tenant);
            if (namespace != null) {
                sql.append(" AND m.namespace = ?");
                args.add(namespace);
            }
            sql.append(" AND m.id IN (");
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            args.addAll(part);
            out.addAll(reader.read(h, tenant, query(h, new SqlFragment(sql.append(')').toString(), args))));
        }
        return out;
    }

    List<MemoryId> findIds(Handle h, String tenant, String namespace, Filter filter) {
        SqlFragment where = where(tenant, namespace, filter, null);
        return query(h, new SqlFragment("SELECT m.id FROM memories m WHERE " + where.sql() + " ORDER BY m.id",
                where.args())).map((rs, ctx) -> MemoryId.parse(rs.getString(1).trim())).list();
    }

    List<StoredMemory> list(Handle h, String tenant, String namespace, Filter filter, MemoryId after, int limit) {
        SqlFragment where = where(tenant, namespace, filter, after);
        List<Object> args = new ArrayList<>(where.args());
        args.add(limit);
        String sql = "SELECT " + RowReader.COLUMNS + " FROM memories m WHERE " + where.sql()
                + " ORDER BY m.id LIMIT ?";
        return reader.read(h, tenant, query(h, new SqlFragment(sql, args)));
    }

    long count(Handle h, String tenant, String namespace, Filter filter) {
        SqlFragment where = where(tenant, namespace, filter, null);
        return query(h, new SqlFragment("SELECT COUNT(*) FROM memories m WHERE " + where.sql(), where.args()))
                .mapTo(Long.class).one();
    }

    /** Live rows with seq above {@code afterSeq}, with their metadata, in seq order. */
    List<StoredMemory> upsertsSince(Handle h, String tenant, String namespace, long afterSeq) {
        Query rows = h.createQuery("SELECT " + RowReader.COLUMNS + " FROM memories m WHERE m.tenant = ?"
                + " AND m.namespace = ? AND m.seq > ? ORDER BY m.seq");
        rows.bind(0, tenant).bind(1, namespace).bind(2, afterSeq);
        Query metadata = h.createQuery("SELECT " + RowReader.metadataColumns() + " FROM memory_metadata md"
                + " JOIN memories m ON m.tenant = md.tenant AND m.id = md.memory_id"
                + " WHERE md.tenant = ? AND m.namespace = ? AND m.seq > ?");
        metadata.bind(0, tenant).bind(1, namespace).bind(2, afterSeq);
        return reader.readJoined(tenant, rows, metadata);
    }

    /** Ids deleted with seq above {@code afterSeq}. */
    List<MemoryId> deletionsSince(Handle h, String tenant, String namespace, long afterSeq) {
        return h.createQuery("SELECT id FROM tombstones WHERE tenant = ? AND namespace = ? AND seq > ? ORDER BY seq")
                .bind(0, tenant).bind(1, namespace).bind(2, afterSeq)
                .map((rs, ctx) -> MemoryId.parse(rs.getString(1).trim())).list();
    }

    private SqlFragment where(String tenant, String namespace, Filter filter, MemoryId after) {
        StringBuilder sql = new StringBuilder("m.tenant = ? AND m.namespace = ?");
        List<Object> args = new ArrayList<>(List.of(tenant, namespace));
        if (after != null) {
            sql.append(" AND m.id > ?");
            args.add(after.toString());
        }
        if (filter != null) {
            SqlFragment f = filters.compile(filter);
            sql.append(" AND (").append(f.sql()).append(')');
            args.addAll(f.args());
        }
        return new SqlFragment(sql.toString(), args);
    }

    private static Query query(Handle h, SqlFragment fragment) {
        Query q = h.createQuery(fragment.sql());
        Binder.bind(q, 0, fragment.args());
        return q;
    }
}
