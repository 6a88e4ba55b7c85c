package dev.agentmemory.reference;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.spi.StoredMemory;
import java.util.List;

/**
 * Immutable and thread-safe: the whole database at one commit. Read transactions read one
 * snapshot and nothing else, so they see one consistent state and never wait for a writer
 * (as a SQLite reader in WAL mode does); a write transaction publishes a new snapshot when
 * it commits.
 *
 * <p>The tables mirror the SQL schema of the JDBC backends, each keyed by its primary key
 * without the tenant (the partition).
 *
 * @param namespaces per namespace name: its change counter and fixed dimension
 * @param memories per id: the live row, with its seq and content hash
 * @param tombstones per id: the namespace and seq of its latest delete
 * @param history per memory id: its archived versions, oldest first
 * @param links per (from, type, to): the link
 * @param conversations per session id: the message counter
 * @param messages per session id: the messages, in seq order
 */
record Snapshot(
        Table<String, Schema.NamespaceRow> namespaces,
        Table<MemoryId, StoredMemory> memories,
        Table<MemoryId, Schema.Tombstone> tombstones,
        Table<MemoryId, List<Schema.HistoryEntry>> history,
        Table<Schema.LinkKey, Link> links,
        Table<String, Long> conversations,
        Table<String, List<Message>> messages) implements Tables {

    /** The empty database. */
    static Snapshot empty() {
        return new Snapshot(Table.empty(), Table.empty(), Table.empty(), Table.empty(), Table.empty(), Table.empty(),
                Table.empty());
    }
}
