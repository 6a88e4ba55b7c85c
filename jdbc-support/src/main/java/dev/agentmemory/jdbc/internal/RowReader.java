package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.StoredMemory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Immutable and thread-safe: reads memory rows and attaches their metadata.
 *
 * <p>Memories are read first, then the metadata of exactly those memories, in the same
 * transaction (so the same snapshot): by id list in chunks, or by the same condition as a
 * join when the set is large (a change batch).
 */
final class RowReader {
    /** The memory columns, in the order {@link #row} reads them. */
    static final String COLUMNS = "m.id, m.namespace, m.content, m.embedding, m.created_at, m.updated_at, m.version,"
            + " m.seq, m.expires_at, m.content_hash";
    private static final String METADATA_COLUMNS = "md.memory_id, md.meta_key, md.kind, md.str_value, md.num_value,"
            + " md.long_value";

    private static final float[] NO_EMBEDDING = new float[0];

    private final int chunk;

    private final SqlDialect dialect;

    RowReader(SqlDialect dialect) {
        this.dialect = dialect;
        this.chunk = Math.max(1, Math.min(500, dialect.maxBindParameters() - 1));
    }

    /** A memory row before its metadata is attached. */
    private record Row(String id, String namespace, String content, byte[] embedding, long created, long updated,
            long version, long seq, Long expires, String hash) {}

    /** Runs {@code query} (which selects {@link #COLUMNS}) and attaches metadata by id. */
    List<StoredMemory> read(Handle h, String tenant, Query query) {
        List<Row> rows = query.map(this::row).list();
        Map<String, Map<String, Object>> metadata = new HashMap<>();
        for (int from = 0; from < rows.size(); from += chunk) {
            List<Row> part = rows.subList(from, Math.min(rows.size(), from + chunk));
            StringBuilder sql = new StringBuilder("SELECT ").append(METADATA_COLUMNS)
                    .append(" FROM memory_metadata md WHERE md.tenant = ? AND md.memory_id IN (");
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            Query q = h.createQuery(sql.append(')').toString()).bind(0, tenant);
            for (int i = 0; i < part.size(); i++) {
                q.bind(i + 1, part.get(i).id());
            }
            collect(q, metadata);
        }
        return assemble(tenant, rows, metadata);
    }

    /**
     * The memory columns and, after them, the metadata columns of a {@code LEFT JOIN} of
     * {@code memory_metadata md}: one row per metadata entry, or one with nulls for a memory
     * without metadata. Read by {@link #readWithMetadata}.
     */
    static final String COLUMNS_WITH_METADATA = COLUMNS + ", md.meta_key, md.kind, md.str_value, md.long_value";

    /**
     * {@link #COLUMNS_WITH_METADATA} with a null in place of the embedding (the same column
     * positions, so {@link #readWithMetadata} reads both): a search's candidate read, whose
     * index already holds the vectors, leaves the largest column of a row in the database.
     */
    static final String COLUMNS_WITH_METADATA_NO_EMBEDDING = COLUMNS_WITH_METADATA.replace("m.embedding", "NULL");

    /** The join that {@link #COLUMNS_WITH_METADATA} reads from, after {@code FROM memories m}. */
    static final String METADATA_JOIN = " LEFT JOIN memory_metadata md ON md.tenant = m.tenant AND md.memory_id = m.id";

    /**
     * Reads {@code rs} (which selects {@link #COLUMNS_WITH_METADATA} or
     * {@link #COLUMNS_WITH_METADATA_NO_EMBEDDING}) and folds the rows of each memory into one:
     * memories and their metadata in one statement, so one snapshot without a transaction. A
     * null embedding becomes an empty one.
     */
    List<StoredMemory> readWithMetadata(String tenant, ResultSet rs) throws SQLException {
        Map<String, Row> rows = new java.util.LinkedHashMap<>();
        Map<String, Map<String, Object>> metadata = new HashMap<>();
        while (rs.next()) {
            String id = rs.getString(1).trim();
            if (!rows.containsKey(id)) {
                rows.put(id, row(rs, null));
            }
            String key = rs.getString(11);
            if (key != null) {
                MetadataKind kind = MetadataKind.fromCode(rs.getString(12).trim());
                Object value = kind.decode(dialect.decodeText(rs.getString(13)), rs.getLong(14));
                metadata.computeIfAbsent(id, k -> new TreeMap<>()).put(key, value);
            }
        }
        return assemble(tenant, List.copyOf(rows.values()), metadata);
    }

    /**
     * Runs {@code query} (which selects {@link #COLUMNS}) and attaches metadata read with
     * {@code metadataQuery}, which selects the metadata of the same memories with a join.
     */
    List<StoredMemory> readJoined(String tenant, Query query, Query metadataQuery) {
        List<Row> rows = query.map(this::row).list();
        Map<String, Map<String, Object>> metadata = new HashMap<>();
        if (!rows.isEmpty()) {
            collect(metadataQuery, metadata);
        }
        return assemble(tenant, rows, metadata);
    }

    /** The metadata columns, for a join query. */
    static String metadataColumns() {
        return METADATA_COLUMNS;
    }

    private void collect(Query q, Map<String, Map<String, Object>> into) {
        q.map(this::entry).forEach(e -> into.computeIfAbsent(e.memoryId(), k -> new TreeMap<>()).put(e.key(),
                e.value()));
    }

    private static List<StoredMemory> assemble(String tenant, List<Row> rows, Map<String, Map<String, Object>> md) {
        List<StoredMemory> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Object> entries = md.get(r.id());
            Metadata metadata = entries == null ? Metadata.empty() : Metadata.of(entries);
            Memory m = new Memory(MemoryId.parse(r.id()), tenant, r.namespace(), r.content(),
                    r.embedding() == null ? NO_EMBEDDING : VectorCodec.decode(r.embedding()), metadata, Micros.toInstant(r.created()),
                    Micros.toInstant(r.updated()), r.version(), r.expires() == null ? null
                            : Micros.toInstant(r.expires()));
            out.add(new StoredMemory(m, r.seq(), r.hash()));
        }
        return out;
    }

    private record Entry(String memoryId, String key, Object value) {}

    private Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        long expires = rs.getLong(9);
        Long expiresAt = rs.wasNull() ? null : expires;
        String hash = rs.getString(10);
        return new Row(rs.getString(1).trim(), rs.getString(2), dialect.decodeText(rs.getString(3)), rs.getBytes(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7), rs.getLong(8), expiresAt, hash == null ? null : hash.trim());
    }

    private Entry entry(ResultSet rs, StatementContext ctx) throws SQLException {
        MetadataKind kind = MetadataKind.fromCode(rs.getString(3).trim());
        Object value = kind.decode(dialect.decodeText(rs.getString(4)), rs.getLong(6));
        return new Entry(rs.getString(1).trim(), rs.getString(2), value);
    }
}
