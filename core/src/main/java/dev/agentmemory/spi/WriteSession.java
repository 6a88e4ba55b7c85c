package dev.agentmemory.spi;

/**
 * Confined to the calling thread: the storage reads and writes available inside one write
 * transaction. The same confinement rules as {@link ReadSession}; no statement may write rows
 * of another tenant.
 */
public interface WriteSession extends ReadSession, MemoryWriter, HistoryWriter, LinkWriter, ConversationWriter,
        EraseWriter {

    /** {@inheritDoc} The default makes the three calls it replaces. */
    @Override
    default NamespaceCounter advanceCreating(String tenant, String namespace, int count) {
        ensureNamespace(tenant, namespace);
        long sequence = advanceSequence(tenant, namespace, count);
        return new NamespaceCounter(sequence, dimension(tenant, namespace));
    }
}
