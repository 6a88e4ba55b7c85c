package dev.agentmemory.jdbc.internal;

import dev.agentmemory.MemoryId;
import dev.agentmemory.jdbc.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Immutable and thread-safe: the statements of erasure, which remove rows without a trace (no
 * history, no tombstone). Every statement is keyed by tenant.
 *
 * <p>The tables a tenant's data lives in are named in {@link #TENANT_TABLES}; the erasure SQL
 * below covers each of them, and the contract test kit counts a tenant's rows in every table of
 * the catalog after an erasure, so a table added by a later migration and missed here fails it.
 * Rows that a later feature derives from memories (full-text entries) are deleted in
 * {@link #eraseDerivedRows} and {@link #eraseDerivedTenantRows}, the one place to extend.
 */
final class EraseSql {
    /** True if keyword rows live in the portable term table ({@link TermIndex}), which erasure must empty itself. */
    private final boolean terms;

    EraseSql(SqlDialect dialect) {
        this.terms = dialect.supportsKeywordSearch() && !dialect.keywordIndexKeptByDatabase();
    }

    /** Every table that holds rows of a tenant, children before the parents they reference. */
    static final List<String> TENANT_TABLES = List.of("memory_metadata", "memory_history_metadata", "memory_history",
            "tombstones", "memory_links", "memories", "conversation_messages", "conversations", "namespaces");

    /** The ids with any trace in a namespace: live rows, history entries and tombstones. */
    private static final String TRACES = "SELECT id FROM (SELECT id FROM memories WHERE tenant = ? AND namespace = ?"
            + " UNION SELECT memory_id AS id FROM memory_history WHERE tenant = ? AND namespace = ?"
            + " UNION SELECT id FROM tombstones WHERE tenant = ? AND namespace = ?) traced ORDER BY id LIMIT ?";

    /**
     * Up to {@code limit} ids with a trace in the namespace, in id order.
     */
    List<MemoryId> traces(Handle h, String tenant, String namespace, int limit) {
        return h.createQuery(TRACES).bind(0, tenant).bind(1, namespace).bind(2, tenant).bind(3, namespace)
                .bind(4, tenant).bind(5, namespace).bind(6, limit)
                .map((rs, ctx) -> MemoryId.parse(rs.getString(1).trim())).list();
    }

    /**
     * Deletes every trace of {@code ids} in the namespace; the caller has locked the namespace row.
     *
     * @return how many ids had a trace
     */
    int erase(Handle h, String tenant, String namespace, List<MemoryId> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<String> keys = ids.stream().map(MemoryId::toString).toList();
        eraseDerivedRows(h, tenant, namespace, keys);
        // Metadata explicitly, before its memory: this does not depend on the cascade being enforced.
        batch(h, "DELETE FROM memory_metadata WHERE tenant = ? AND memory_id = ?"
                + " AND EXISTS (SELECT 1 FROM memories WHERE tenant = ? AND namespace = ? AND id = ?)", keys,
                (b, id) -> b.bind(0, tenant).bind(1, id).bind(2, tenant).bind(3, namespace).bind(4, id));
        int[] live = batch(h, "DELETE FROM memories WHERE tenant = ? AND namespace = ? AND id = ?", keys,
                (b, id) -> b.bind(0, tenant).bind(1, namespace).bind(2, id));
        batch(h, "DELETE FROM memory_history_metadata WHERE tenant = ? AND memory_id = ? AND namespace = ?", keys,
                (b, id) -> b.bind(0, tenant).bind(1, id).bind(2, namespace));
        int[] history = batch(h, "DELETE FROM memory_history WHERE tenant = ? AND memory_id = ? AND namespace = ?",
                keys, (b, id) -> b.bind(0, tenant).bind(1, id).bind(2, namespace));
        int[] tombstones = batch(h, "DELETE FROM tombstones WHERE tenant = ? AND namespace = ? AND id = ?", keys,
                (b, id) -> b.bind(0, tenant).bind(1, namespace).bind(2, id));
        List<String> traced = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (live[i] + history[i] + tombstones[i] > 0) {
                traced.add(keys.get(i));
            }
        }
        // Links both ways, unless the id lives on in another namespace (a chosen id put again
        // there after a delete here): those links are that memory's.
        batch(h, "DELETE FROM memory_links WHERE tenant = ? AND (from_id = ? OR to_id = ?) AND NOT EXISTS"
                + " (SELECT 1 FROM memories WHERE tenant = ? AND id = ?)", traced,
                (b, id) -> b.bind(0, tenant).bind(1, id).bind(2, id).bind(3, tenant).bind(4, id));
        return traced.size();
    }

    /** True if no memory, history entry or tombstone of the namespace is left. */
    boolean isEmpty(Handle h, String tenant, String namespace) {
        return traces(h, tenant, namespace, 1).isEmpty();
    }

    /** Deletes the namespace row. */
    void dropNamespace(Handle h, String tenant, String namespace) {
        h.createUpdate("DELETE FROM namespaces WHERE tenant = ? AND namespace = ?").bind(0, tenant).bind(1, namespace)
                .execute();
    }

    /**
     * Deletes up to {@code limit} of the conversation's oldest messages, or its row when none is left.
     *
     * @return the number of messages deleted
     */
    int eraseMessages(Handle h, String tenant, String session, int limit) {
        List<Long> oldest = h.createQuery("SELECT seq FROM conversation_messages WHERE tenant = ? AND session_id = ?"
                        + " ORDER BY seq LIMIT ?").bind(0, tenant).bind(1, session).bind(2, limit)
                .mapTo(Long.class).list();
        if (oldest.isEmpty()) {
            h.createUpdate("DELETE FROM conversations WHERE tenant = ? AND session_id = ?").bind(0, tenant)
                    .bind(1, session).execute();
            return 0;
        }
        return h.createUpdate("DELETE FROM conversation_messages WHERE tenant = ? AND session_id = ? AND seq <= ?")
                .bind(0, tenant).bind(1, session).bind(2, oldest.get(oldest.size() - 1)).execute();
    }

    /**
     * Deletes every row of the tenant in every table. The namespace rows are locked first (and
     * given new incarnations), so writers who arrive meanwhile wait, then find no row and create
     * one afresh after the sweep; they are deleted last because memories reference them.
     *
     * @return the number of rows deleted
     */
    long eraseTenantRows(Handle h, String tenant) {
        h.createUpdate("UPDATE namespaces SET seq = seq + 1, incarnation = incarnation + 1 WHERE tenant = ?")
                .bind(0, tenant).execute();
        long deleted = eraseDerivedTenantRows(h, tenant);
        for (String table : TENANT_TABLES) {
            deleted += h.createUpdate("DELETE FROM " + table + " WHERE tenant = ?").bind(0, tenant).execute();
        }
        return deleted;
    }

    /**
     * Hook for rows derived from memories that live in tables of their own, such as full-text
     * index entries: delete those of {@code ids} in the namespace here (or let a trigger on
     * {@code memories} and {@code memory_history} do it). Runs first, while the memory rows exist.
     */
    private void eraseDerivedRows(Handle h, String tenant, String namespace, List<String> ids) {
        // SQLite's FTS5 rows follow the memories through triggers, PostgreSQL's index is over
        // the memories' own column; only the portable term table has rows of its own.
        if (terms) {
            batch(h, "DELETE FROM memory_terms WHERE tenant = ? AND memory_id = ? AND namespace = ?", ids,
                    (b, id) -> b.bind(0, tenant).bind(1, id).bind(2, namespace));
        }
    }

    /**
     * Hook for derived rows of a whole tenant (see {@link #eraseDerivedRows}): delete every one of
     * the tenant's here.
     *
     * @return the number of rows deleted
     */
    private long eraseDerivedTenantRows(Handle h, String tenant) {
        return terms ? h.createUpdate("DELETE FROM memory_terms WHERE tenant = ?").bind(0, tenant).execute() : 0;
    }

    /** Binds one row per key. */
    private interface RowBinder {
        void bind(PreparedBatch batch, String key);
    }

    private static int[] batch(Handle h, String sql, List<String> keys, RowBinder binder) {
        if (keys.isEmpty()) {
            return new int[0];
        }
        PreparedBatch batch = h.prepareBatch(sql);
        for (String key : keys) {
            binder.bind(batch, key);
            batch.add();
        }
        return batch.execute();
    }
}
