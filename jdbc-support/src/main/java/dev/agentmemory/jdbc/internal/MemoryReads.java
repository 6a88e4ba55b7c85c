package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Filter;
import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.MemoryRef;
import dev.agentmemory.spi.StoredMemory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Immutable and thread-safe: the queries that read memories: by id, by filter in id order,
 * counts, and the change batch of a namespace. Every query is keyed by tenant.
 */
final class MemoryReads {
    /** The condition a memory that has not expired meets; binds the current time. */
    static final String LIVE = "(m.expires_at IS NULL OR m.expires_at > ?)";

    private final FilterCompiler filters;
    private final RowReader reader;
    private final int chunk;
    private final LookupSql byId = new LookupSql("m.id", RowReader.COLUMNS_WITH_METADATA);
    private final LookupSql byIdNoEmbedding = new LookupSql("m.id", RowReader.COLUMNS_WITH_METADATA_NO_EMBEDDING);
    private final LookupSql byContentHash = new LookupSql("m.content_hash", RowReader.COLUMNS_WITH_METADATA);

    MemoryReads(SqlDialect dialect) {
        this.filters = new FilterCompiler(dialect);
        this.reader = new RowReader(dialect);
        this.chunk = Math.max(1, Math.min(500, dialect.maxBindParameters() - 2));
    }

    /**
     * Memories by id.
     *
     * @param namespace the namespace, or null for any of the tenant's
     * @param nowMicros memories expired at this time are left out; null to include them
     */
    List<StoredMemory> find(Connection c, String tenant, String namespace, Collection<MemoryId> ids, Long nowMicros)
            throws SQLException {
        return find(c, tenant, namespace, ids, nowMicros, byId);
    }

    /** Memories by id as {@link #find}, each with an empty embedding (a search's candidate read). */
    List<StoredMemory> findWithoutEmbeddings(Connection c, String tenant, String namespace, Collection<MemoryId> ids,
            long nowMicros) throws SQLException {
        return find(c, tenant, namespace, ids, nowMicros, byIdNoEmbedding);
    }

    private List<StoredMemory> find(Connection c, String tenant, String namespace, Collection<MemoryId> ids,
            Long nowMicros, LookupSql lookup) throws SQLException {
        if (ids.size() == 1) {
            // A get: no stream, no set, no list of strings.
            return select(c, tenant, lookup, namespace, nowMicros, List.of(ids.iterator().next().toString()));
        }
        return findBy(c, tenant, namespace, lookup, ids.stream().map(MemoryId::toString).distinct().toList(),
                nowMicros);
    }

    /** Memories of the namespace by content hash, expired ones included. */
    List<StoredMemory> findByContentHash(Connection c, String tenant, String namespace, Collection<String> hashes)
            throws SQLException {
        List<String> distinct = hashes.size() == 1 ? List.copyOf(hashes) : List.copyOf(new LinkedHashSet<>(hashes));
        return findBy(c, tenant, namespace, byContentHash, distinct, null);
    }

    private List<StoredMemory> findBy(Connection c, String tenant, String namespace, LookupSql lookup,
            List<String> all, Long nowMicros) throws SQLException {
        if (all.isEmpty()) {
            return List.of();
        }
        if (all.size() <= chunk) {
            return select(c, tenant, lookup, namespace, nowMicros, all);
        }
        List<StoredMemory> out = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += chunk) {
            out.addAll(select(c, tenant, lookup, namespace, nowMicros,
                    all.subList(from, Math.min(all.size(), from + chunk))));
        }
        return out;
    }

    /**
     * Runs one lookup (memories joined with their metadata: one round trip and one snapshot,
     * so it needs no transaction around it) with plain JDBC. This is the hot path of
     * {@code get} and of every {@code put}'s deduplication, and Jdbi's per-statement work
     * (configuration copy, SQL parse, argument binders) cost more than SQLite's own here; the
     * SQL text comes from {@link LookupSql}, built once per shape, so a statement cache finds it
     * without a new string to build and hash.
     */
    private List<StoredMemory> select(Connection c, String tenant, LookupSql lookup, String namespace,
            Long nowMicros, List<String> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lookup.sql(namespace != null, nowMicros != null,
                keys.size()))) {
            int i = 1;
            ps.setString(i++, tenant);
            if (namespace != null) {
                ps.setString(i++, namespace);
            }
            if (nowMicros != null) {
                ps.setLong(i++, nowMicros);
            }
            for (String key : keys) {
                ps.setString(i++, key);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return reader.readWithMetadata(tenant, rs);
            }
        }
    }

    /**
     * Immutable and thread-safe: the SQL of a lookup by one column, per shape (with or without
     * the namespace and the expiry condition, and the number of keys), built on first use and
     * kept for lists of up to {@value #CACHED_KEYS} keys.
     */
    private static final class LookupSql {
        private static final int CACHED_KEYS = 16;
        private final String column;
        private final String columns;
        private final java.util.concurrent.atomic.AtomicReferenceArray<String> cached =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(4 * CACHED_KEYS);

        /** @param columns what the lookup selects: one of {@link RowReader}'s column lists with metadata */
        LookupSql(String column, String columns) {
            this.column = column;
            this.columns = columns;
        }

        String sql(boolean namespace, boolean live, int keys) {
            if (keys > CACHED_KEYS) {
                return build(namespace, live, keys);
            }
            int slot = ((namespace ? 2 : 0) + (live ? 1 : 0)) * CACHED_KEYS + keys - 1;
            String sql = cached.get(slot);
            if (sql == null) {
                sql = build(namespace, live, keys);
                cached.set(slot, sql);
            }
            return sql;
        }

        private String build(boolean namespace, boolean live, int keys) {
            StringBuilder sql = new StringBuilder("SELECT ").append(columns)
                    .append(" FROM memories m").append(RowReader.METADATA_JOIN).append(" WHERE m.tenant = ?");
            if (namespace) {
                sql.append(" AND m.namespace = ?");
            }
            if (live) {
                sql.append(" AND ").append(LIVE);
            }
            sql.append(" AND ").append(column).append(keys == 1 ? " = ?" : " IN (");
            if (keys > 1) {
                for (int i = 0; i < keys; i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                }
                sql.append(')');
            }
            return sql.toString();
        }
    }

    /** Up to {@code limit} expired memories of any tenant, oldest expiry first. */
    List<MemoryRef> findExpired(Handle h, long nowMicros, int limit) {
        return h.createQuery("SELECT tenant, namespace, id FROM memories WHERE expires_at <= ? ORDER BY expires_at"
                        + " LIMIT ?")
                .bind(0, nowMicros).bind(1, limit)
                .map((rs, ctx) -> new MemoryRef(rs.getString(1), rs.getString(2), MemoryId.parse(rs.getString(3).trim())))
                .list();
    }

    List<MemoryId> findIds(Handle h, String tenant, String namespace, Filter filter, long nowMicros) {
        SqlFragment where = where(tenant, namespace, filter, null, nowMicros);
        return query(h, new SqlFragment("SELECT m.id FROM memories m WHERE " + where.sql() + " ORDER BY m.id",
                where.args())).map((rs, ctx) -> MemoryId.parse(rs.getString(1).trim())).list();
    }

    List<StoredMemory> list(Handle h, String tenant, String namespace, Filter filter, MemoryId after, int limit,
            long nowMicros) {
        SqlFragment where = where(tenant, namespace, filter, after, nowMicros);
        List<Object> args = new ArrayList<>(where.args());
        args.add(limit);
        String sql = "SELECT " + RowReader.COLUMNS + " FROM memories m WHERE " + where.sql()
                + " ORDER BY m.id LIMIT ?";
        return reader.read(h, tenant, query(h, new SqlFragment(sql, args)));
    }

    long count(Handle h, String tenant, String namespace, Filter filter, long nowMicros) {
        SqlFragment where = where(tenant, namespace, filter, null, nowMicros);
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

    private SqlFragment where(String tenant, String namespace, Filter filter, MemoryId after, long nowMicros) {
        StringBuilder sql = new StringBuilder("m.tenant = ? AND m.namespace = ? AND " + LIVE);
        List<Object> args = new ArrayList<>(List.of(tenant, namespace, nowMicros));
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
