package dev.agentmemory.reference;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.spi.StoredMemory;
import java.util.List;

/**
 * The tables a session reads: a published {@link Snapshot} (immutable and thread-safe) or a
 * {@link Transaction}'s view of it with its own changes (confined to the writing thread).
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
