package dev.agentmemory.reference;

import java.util.Collection;
import java.util.NavigableMap;

/**
 * As thread-safe as its implementation: a published {@link Table} is immutable, a
 * {@link Table.Editor} is confined to its transaction. A table as a session reads it: the rows
 * of one tenant at a time, sorted by key.
 */
interface Rows<K, V> {

    /** The tenant's rows, read-only; empty if it has none. */
    NavigableMap<K, V> rows(String tenant);

    /** The tenants that have rows (used only by the cross-tenant purge of expired memories). */
    Collection<String> tenants();
}
