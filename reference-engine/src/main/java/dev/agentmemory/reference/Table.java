package dev.agentmemory.reference;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Immutable and thread-safe: one table of a {@link Snapshot}, its rows partitioned by tenant
 * and sorted by key within a partition.
 *
 * <p>Partitioning by tenant is the engine's tenant isolation: every session method takes the
 * tenant and can only reach that tenant's partition. A published table is never changed; a
 * write transaction edits it through an {@link Editor}, which copies a partition the first
 * time the transaction changes it (copy on write), so readers of the old snapshot are never
 * disturbed and a rolled-back transaction leaves nothing behind.
 *
 * @param <K> the key within a tenant (the primary key without the tenant)
 * @param <V> the row
 */
final class Table<K extends Comparable<? super K>, V> implements Rows<K, V> {
    private final Map<String, NavigableMap<K, V>> partitions;

    private Table(Map<String, NavigableMap<K, V>> partitions) {
        this.partitions = partitions;
    }

    /** An empty table. */
    static <K extends Comparable<? super K>, V> Table<K, V> empty() {
        return new Table<>(Map.of());
    }

    @Override
    public NavigableMap<K, V> rows(String tenant) {
        NavigableMap<K, V> rows = partitions.get(tenant);
        return rows == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(rows);
    }

    @Override
    public Collection<String> tenants() {
        return partitions.keySet();
    }

    /** Starts editing this table for one write transaction. */
    Editor<K, V> edit() {
        return new Editor<>(this);
    }

    /**
     * Confined to the writing thread: the table as one write transaction sees and changes it.
     * Reads see the transaction's own changes; {@link #result()} is the table to publish.
     */
    static final class Editor<K extends Comparable<? super K>, V> implements Rows<K, V> {
        private final Table<K, V> base;
        private final Map<String, TreeMap<K, V>> copies = new HashMap<>();

        private Editor(Table<K, V> base) {
            this.base = base;
        }

        @Override
        public NavigableMap<K, V> rows(String tenant) {
            TreeMap<K, V> copy = copies.get(tenant);
            return copy == null ? base.rows(tenant) : Collections.unmodifiableNavigableMap(copy);
        }

        @Override
        public Collection<String> tenants() {
            if (copies.isEmpty()) {
                return base.tenants();
            }
            Set<String> all = new HashSet<>(base.tenants());
            all.addAll(copies.keySet());
            return all;
        }

        /** The tenant's partition, to change: a private copy made on first use. */
        NavigableMap<K, V> writable(String tenant) {
            return copies.computeIfAbsent(tenant, t -> new TreeMap<>(base.partitions.getOrDefault(t,
                    Collections.emptyNavigableMap())));
        }

        /** The table with this transaction's changes; the base itself if nothing changed. */
        Table<K, V> result() {
            if (copies.isEmpty()) {
                return base;
            }
            Map<String, NavigableMap<K, V>> next = new HashMap<>(base.partitions);
            copies.forEach((tenant, rows) -> {
                if (rows.isEmpty()) {
                    next.remove(tenant);
                } else {
                    next.put(tenant, rows);
                }
            });
            return new Table<>(Map.copyOf(next));
        }
    }
}
