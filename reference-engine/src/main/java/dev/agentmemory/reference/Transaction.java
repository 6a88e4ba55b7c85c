package dev.agentmemory.reference;

import dev.agentmemory.Link;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.spi.StoredMemory;
import java.util.List;

/**
 * Confined to the writing thread: the changes of one write transaction over the snapshot it
 * started from. Nothing is visible to anyone else until {@link #commit()} builds the next
 * snapshot, and a transaction that is dropped instead leaves nothing behind: that is the
 * whole of rollback.
 */
final class Transaction implements Tables {
    private final Table.Editor<String, Schema.NamespaceRow> namespaces;
    private final Table.Editor<MemoryId, StoredMemory> memories;
    private final Table.Editor<MemoryId, Schema.Tombstone> tombstones;
    private final Table.Editor<MemoryId, List<Schema.HistoryEntry>> history;
    private final Table.Editor<Schema.LinkKey, Link> links;
    private final Table.Editor<String, Long> conversations;
    private final Table.Editor<String, List<Message>> messages;

    Transaction(Snapshot base) {
        this.namespaces = base.namespaces().edit();
        this.memories = base.memories().edit();
        this.tombstones = base.tombstones().edit();
        this.history = base.history().edit();
        this.links = base.links().edit();
        this.conversations = base.conversations().edit();
        this.messages = base.messages().edit();
    }

    /** The snapshot with every change of this transaction. */
    Snapshot commit() {
        return new Snapshot(namespaces.result(), memories.result(), tombstones.result(), history.result(),
                links.result(), conversations.result(), messages.result());
    }

    @Override
    public Table.Editor<String, Schema.NamespaceRow> namespaces() {
        return namespaces;
    }

    @Override
    public Table.Editor<MemoryId, StoredMemory> memories() {
        return memories;
    }

    @Override
    public Table.Editor<MemoryId, Schema.Tombstone> tombstones() {
        return tombstones;
    }

    @Override
    public Table.Editor<MemoryId, List<Schema.HistoryEntry>> history() {
        return history;
    }

    @Override
    public Table.Editor<Schema.LinkKey, Link> links() {
        return links;
    }

    @Override
    public Table.Editor<String, Long> conversations() {
        return conversations;
    }

    @Override
    public Table.Editor<String, List<Message>> messages() {
        return messages;
    }
}
