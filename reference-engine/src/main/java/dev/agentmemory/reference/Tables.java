package dev.agentmemory.reference;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.spi.StoredMemory;
import java.util.List;

/**
 * As thread-safe as its implementation: a published {@link Snapshot} is immutable, a
 * {@link Transaction} is confined to the writing thread. The tables a session reads: a snapshot,
 * or a transaction's view of one with its own changes.
 */
interface Tables {
    Rows<String, Schema.NamespaceRow> namespaces();

    Rows<MemoryId, StoredMemory> memories();

    Rows<MemoryId, Schema.Tombstone> tombstones();

    Rows<MemoryId, List<Schema.HistoryEntry>> history();

    Rows<Schema.LinkKey, Link> links();

    Rows<String, Long> conversations();

    Rows<String, List<Message>> messages();
}
