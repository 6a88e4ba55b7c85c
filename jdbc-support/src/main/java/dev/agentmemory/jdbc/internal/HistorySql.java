package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryVersion;
import dev.agentmemory.Metadata;
import dev.agentmemory.jdbc.SqlDialect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Immutable and thread-safe: the statements on the history tables. A memory's state is copied
 * with {@code INSERT ... SELECT} in the transaction that replaces it, so the history never
 * misses a version and never holds one that was not committed. Every statement is keyed by
 * tenant.
 */
final class HistorySql {
    private final SqlDialect dialect;

    HistorySql(SqlDialect dialect) {
        this.dialect = dialect;
    }

    private static final String COPY_MEMORY = "INSERT INTO memory_history (tenant, memory_id, namespace, replaced_seq,"
            + " version, content, embedding, created_at, updated_at, expires_at, change_kind, replaced_at)"
            + " SELECT tenant, id, namespace, ?, version, content, embedding, created_at, updated_at, expires_at, ?, ?"
            + " FROM memories WHERE tenant = ? AND namespace = ? AND id = ?";
    private static final String COPY_METADATA = "INSERT INTO memory_history_metadata (tenant, memory_id, namespace,"
            + " replaced_seq, meta_key, kind, str_value, num_value, long_value)"
            + " SELECT md.tenant, md.memory_id, m.namespace, ?, md.meta_key, md.kind, md.str_value, md.num_value,"
            + " md.long_value FROM memory_metadata md JOIN memories m ON m.tenant = md.tenant AND m.id = md.memory_id"
            + " WHERE md.tenant = ? AND m.namespace = ? AND md.memory_id = ?";

    void archive(Handle h, String tenant, String namespace, List<MemoryId> ids, long firstSeq, boolean deleted,
            long nowMicros) {
        if (ids.isEmpty()) {
            return;
        }
        PreparedBatch memories = h.prepareBatch(COPY_MEMORY);
        PreparedBatch metadata = h.prepareBatch(COPY_METADATA);
        String change = deleted ? "D" : "U";
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i).toString();
            long seq = firstSeq + i;
            memories.bind(0, seq).bind(1, change).bind(2, nowMicros).bind(3, tenant).bind(4, namespace).bind(5, id)
                    .add();
            metadata.bind(0, seq).bind(1, tenant).bind(2, namespace).bind(3, id).add();
        }
        memories.execute();
        metadata.execute();
    }

    private record Key(String namespace, long seq) {}

    void trim(Handle h, String tenant, MemoryId id, int keep) {
        List<Key> keys = h.createQuery("SELECT namespace, replaced_seq FROM memory_history WHERE tenant = ?"
                        + " AND memory_id = ? ORDER BY replaced_at DESC, replaced_seq DESC")
                .bind(0, tenant).bind(1, id.toString())
                .map((rs, ctx) -> new Key(rs.getString(1), rs.getLong(2))).list();
        if (keys.size() <= keep) {
            return;
        }
        PreparedBatch memories = h.prepareBatch("DELETE FROM memory_history WHERE tenant = ? AND memory_id = ?"
                + " AND namespace = ? AND replaced_seq = ?");
        PreparedBatch metadata = h.prepareBatch("DELETE FROM memory_history_metadata WHERE tenant = ?"
                + " AND memory_id = ? AND namespace = ? AND replaced_seq = ?");
        for (Key k : keys.subList(keep, keys.size())) {
            memories.bind(0, tenant).bind(1, id.toString()).bind(2, k.namespace()).bind(3, k.seq()).add();
            metadata.bind(0, tenant).bind(1, id.toString()).bind(2, k.namespace()).bind(3, k.seq()).add();
        }
        metadata.execute();
        memories.execute();
    }

    private record Row(long seq, long version, String content, byte[] embedding, long created, long updated,
            Long expires, String change, long replaced) {}

    List<MemoryVersion> history(Handle h, String tenant, String namespace, MemoryId id) {
        List<Row> rows = h.createQuery("SELECT replaced_seq, version, content, embedding, created_at, updated_at,"
                        + " expires_at, change_kind, replaced_at FROM memory_history WHERE tenant = ? AND namespace = ?"
                        + " AND memory_id = ? ORDER BY replaced_at DESC, replaced_seq DESC")
                .bind(0, tenant).bind(1, namespace).bind(2, id.toString())
                .map((rs, ctx) -> {
                    long expires = rs.getLong(7);
                    Long expiresAt = rs.wasNull() ? null : expires;
                    return new Row(rs.getLong(1), rs.getLong(2), dialect.decodeText(rs.getString(3)), rs.getBytes(4),
                            rs.getLong(5),
                            rs.getLong(6), expiresAt, rs.getString(8).trim(), rs.getLong(9));
                }).list();
        Map<Long, Map<String, Object>> metadata = new HashMap<>();
        h.createQuery("SELECT replaced_seq, meta_key, kind, str_value, long_value FROM memory_history_metadata"
                        + " WHERE tenant = ? AND namespace = ? AND memory_id = ?")
                .bind(0, tenant).bind(1, namespace).bind(2, id.toString())
                .map((rs, ctx) -> {
                    Object value = MetadataKind.fromCode(rs.getString(3).trim())
                            .decode(dialect.decodeText(rs.getString(4)), rs.getLong(5));
                    return Map.entry(rs.getLong(1), Map.entry(rs.getString(2), value));
                })
                .forEach(e -> metadata.computeIfAbsent(e.getKey(), k -> new TreeMap<>())
                        .put(e.getValue().getKey(), e.getValue().getValue()));
        List<MemoryVersion> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, Object> md = metadata.get(r.seq());
            Memory m = new Memory(id, tenant, namespace, r.content(), VectorCodec.decode(r.embedding()),
                    md == null ? Metadata.empty() : Metadata.of(md), Micros.toInstant(r.created()),
                    Micros.toInstant(r.updated()), r.version(), r.expires() == null ? null
                            : Micros.toInstant(r.expires()));
            out.add(new MemoryVersion(m, r.change().equals("D") ? MemoryVersion.Change.DELETED
                    : MemoryVersion.Change.UPDATED, Micros.toInstant(r.replaced())));
        }
        return out;
    }
}
