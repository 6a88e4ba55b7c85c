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

    /**
     * Whether {@link #undoable} really undoes a failed part (a savepoint), so that the store
     * can write several callers' single updates, deletes and appends in one transaction (group
     * commit) and still let one of them fail alone. The default is false: the store then rolls
     * back a group in which one write failed and writes each again in its own transaction.
     *
     * @return true if {@link #undoable} is overridden with a savepoint or its equivalent
     */
    default boolean undoesParts() {
        return false;
    }

    /**
     * Runs {@code work} as a part of this transaction that is undone if it throws: what it
     * wrote is rolled back, what the transaction wrote before it stands, and its exception is
     * rethrown. The default runs {@code work} unprotected (see {@link #undoesParts}).
     *
     * @param <T> what it returns
     * @param work the part: statements through this session only
     * @return what {@code work} returned
     * @throws RuntimeException what {@code work} threw, after its writes were undone
     */
    default <T> T undoable(java.util.function.Supplier<T> work) {
        return work.get();
    }
}
