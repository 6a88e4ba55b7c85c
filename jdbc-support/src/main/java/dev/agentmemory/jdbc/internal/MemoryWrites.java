package dev.agentmemory.jdbc.internal;

import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.KeywordRowInserts;
import dev.agentmemory.jdbc.SqlDialect;
import dev.agentmemory.spi.StoredMemory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * Immutable and thread-safe: the statements that write memories, their metadata and their
 * tombstones. Every statement is keyed by tenant; batches are one round trip per table.
 */
final class MemoryWrites {
    private static final String INSERT_MEMORY = "INSERT INTO memories (tenant, id, namespace, content, embedding,"
            + " created_at, updated_at, version, seq, expires_at, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_METADATA = "INSERT INTO memory_metadata (tenant, memory_id, meta_key, kind,"
            + " str_value, num_value, long_value) VALUES (?, ?, ?, ?, ?, ?, ?)";

    private final SqlDialect dialect;
    /** True if this module writes the portable keyword index's rows (see {@link TermIndex}). */
    private final boolean terms;

    MemoryWrites(SqlDialect dialect) {
        this.dialect = dialect;
        this.terms = dialect.supportsKeywordSearch() && !dialect.keywordIndexKeptByDatabase();
    }

    /**
     * Inserts rows and their metadata, one JDBC batch per table. Plain JDBC on the handle's
     * connection: binding through Jdbi cost more per row than SQLite's insert (a putAll of 1000
     * binds 1000 memories and their metadata).
     */
    void insert(Handle h, List<StoredMemory> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(INSERT_MEMORY)) {
            for (StoredMemory row : rows) {
                Memory m = row.memory();
                ps.setString(1, m.tenant());
                ps.setString(2, m.id().toString());
                ps.setString(3, m.namespace());
                ps.setString(4, dialect.encodeText(m.content()));
                ps.setBytes(5, VectorCodec.encode(m.embedding()));
                ps.setLong(6, Micros.of(m.createdAt()));
                ps.setLong(7, Micros.of(m.updatedAt()));
                ps.setLong(8, m.version());
                ps.setLong(9, row.seq());
                if (m.expiresAt().isPresent()) {
                    ps.setLong(10, Micros.of(m.expiresAt().get()));
                } else {
                    ps.setNull(10, Types.BIGINT);
                }
                if (row.contentHash() != null) {
                    ps.setString(11, row.contentHash());
                } else {
                    ps.setNull(11, Types.VARCHAR);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
        List<Memory> memories = rows.stream().map(StoredMemory::memory).toList();
        insertMetadata(c, memories);
        dialect.keywordRowInserts().ifPresent(inserts -> insertKeywordRows(c, inserts, memories));
        if (terms) {
            TermIndex.insert(h, rows);
        }
    }

    /** The keyword rows of new memories, numbered after the index's highest row (see {@link KeywordRowInserts}). */
    private void insertKeywordRows(Connection c, KeywordRowInserts inserts, List<Memory> memories) {
        try {
            long row;
            try (PreparedStatement highest = c.prepareStatement(inserts.highestRow());
                    ResultSet rs = highest.executeQuery()) {
                row = rs.next() ? rs.getLong(1) : 0;
            }
            try (PreparedStatement words = c.prepareStatement(inserts.keywordRow());
                    PreparedStatement map = c.prepareStatement(inserts.rowMap())) {
                for (Memory m : memories) {
                    row++;
                    words.setLong(1, row);
                    words.setString(2, dialect.encodeText(m.content()));
                    words.setString(3, m.tenant());
                    words.setString(4, m.id().toString());
                    words.addBatch();
                    map.setString(1, m.tenant());
                    map.setString(2, m.id().toString());
                    map.setLong(3, row);
                    map.addBatch();
                }
                words.executeBatch();
                map.executeBatch();
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    private void insertMetadata(Connection c, List<Memory> memories) {
        if (memories.stream().allMatch(m -> m.metadata().asMap().isEmpty())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_METADATA)) {
            for (Memory m : memories) {
                for (Map.Entry<String, Object> e : m.metadata().asMap().entrySet()) {
                    Object v = e.getValue();
                    ps.setString(1, m.tenant());
                    ps.setString(2, m.id().toString());
                    ps.setString(3, e.getKey());
                    ps.setString(4, MetadataKind.of(v).code());
                    String str = MetadataKind.strValue(v);
                    if (str != null) {
                        ps.setString(5, dialect.encodeText(str));
                    } else {
                        ps.setNull(5, Types.VARCHAR);
                    }
                    Double num = MetadataKind.numValue(v);
                    if (num != null) {
                        ps.setDouble(6, num);
                    } else {
                        ps.setNull(6, Types.DOUBLE);
                    }
                    Long lng = MetadataKind.longValue(v);
                    if (lng != null) {
                        ps.setLong(7, lng);
                    } else {
                        ps.setNull(7, Types.BIGINT);
                    }
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    boolean replace(Handle h, StoredMemory row, long expectedVersion) {
        Memory m = row.memory();
        Update update = h.createUpdate("UPDATE memories SET content = ?, embedding = ?,"
                        + " updated_at = ?, version = ?, seq = ?, expires_at = ?, content_hash = ? WHERE tenant = ?"
                        + " AND id = ? AND namespace = ? AND version = ?")
                .bind(0, dialect.encodeText(m.content())).bind(1, VectorCodec.encode(m.embedding())).bind(2, Micros.of(m.updatedAt()))
                .bind(3, m.version()).bind(4, row.seq());
        Binder.bindOne(update, 5, Binder.orNull(m.expiresAt().map(Micros::of).orElse(null)));
        Binder.bindOne(update, 6, Binder.orNull(row.contentHash()));
        int updated = update.bind(7, m.tenant()).bind(8, m.id().toString()).bind(9, m.namespace())
                .bind(10, expectedVersion).execute();
        if (updated == 0) {
            return false;
        }
        h.createUpdate("DELETE FROM memory_metadata WHERE tenant = ? AND memory_id = ?")
                .bind(0, m.tenant()).bind(1, m.id().toString()).execute();
        insertMetadata(h.getConnection(), List.of(m));
        if (terms) {
            TermIndex.replace(h, m);
        }
        return true;
    }

    int delete(Handle h, String tenant, String namespace, List<MemoryId> ids, long firstSeq, long nowMicros) {
        if (ids.isEmpty()) {
            return 0;
        }
        // Metadata first and explicitly: the cascade is declared too, but this does not
        // depend on foreign-key enforcement being switched on.
        // The id bound on the metadata row itself, so the statement walks the primary key (tenant,
        // memory_id, ...) to the memory's rows: with the id only inside an IN subquery, H2 scanned
        // all of the tenant's metadata once per deleted memory (a 10,000-memory deleteWhere took
        // minutes on H2 and PostgreSQL).
        PreparedBatch metadata = h.prepareBatch("DELETE FROM memory_metadata WHERE tenant = ? AND memory_id = ?"
                + " AND EXISTS (SELECT 1 FROM memories WHERE tenant = ? AND namespace = ? AND id = ?)");
        PreparedBatch memories = h.prepareBatch("DELETE FROM memories WHERE tenant = ? AND namespace = ? AND id = ?");
        // Links go with their memory, both ways: a link never points at nothing.
        // One statement per direction: each walks its own index, where an OR scans the tenant's links.
        PreparedBatch linksFrom = h.prepareBatch("DELETE FROM memory_links WHERE tenant = ? AND from_id = ?"
                + " AND EXISTS (SELECT 1 FROM memories WHERE tenant = ? AND namespace = ? AND id = ?)");
        PreparedBatch linksTo = h.prepareBatch("DELETE FROM memory_links WHERE tenant = ? AND to_id = ?"
                + " AND EXISTS (SELECT 1 FROM memories WHERE tenant = ? AND namespace = ? AND id = ?)");
        for (MemoryId id : ids) {
            metadata.bind(0, tenant).bind(1, id.toString()).bind(2, tenant).bind(3, namespace).bind(4, id.toString())
                    .add();
            memories.bind(0, tenant).bind(1, namespace).bind(2, id.toString()).add();
            for (PreparedBatch links : List.of(linksFrom, linksTo)) {
                links.bind(0, tenant).bind(1, id.toString()).bind(2, tenant).bind(3, namespace).bind(4, id.toString())
                        .add();
            }
        }
        linksFrom.execute();
        linksTo.execute();
        metadata.execute();
        if (terms) {
            TermIndex.delete(h, tenant, namespace, ids);
        }
        int[] counts = memories.execute();
        // A chosen id can be put again after a delete and deleted again: its earlier tombstone
        // makes way for the new one (one per id, the key), whose seq is the newer.
        PreparedBatch earlier = h.prepareBatch("DELETE FROM tombstones WHERE tenant = ? AND id = ?");
        PreparedBatch tombstones = h.prepareBatch("INSERT INTO tombstones (tenant, namespace, id, seq, deleted_at)"
                + " VALUES (?, ?, ?, ?, ?)");
        int deleted = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (counts[i] > 0) {
                earlier.bind(0, tenant).bind(1, ids.get(i).toString()).add();
                tombstones.bind(0, tenant).bind(1, namespace).bind(2, ids.get(i).toString()).bind(3, firstSeq + i)
                        .bind(4, nowMicros).add();
                deleted++;
            }
        }
        if (deleted > 0) {
            earlier.execute();
            tombstones.execute();
        }
        return deleted;
    }
}
