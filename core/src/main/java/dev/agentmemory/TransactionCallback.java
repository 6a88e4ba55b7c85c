package dev.agentmemory;

/**
 * Work to run atomically; see {@link MemoryStore#inTransaction}.
 *
 * @param <T> the callback's result
 */
@FunctionalInterface
public interface TransactionCallback<T> {
    /**
     * Runs the work. Returning commits; throwing rolls everything back and rethrows.
     *
     * @param tx valid only inside this call, on this thread
     * @return the result handed back to the caller of {@code inTransaction}
     * @throws Exception any failure, which rolls the transaction back
     */
    T run(Transaction tx) throws Exception;
}
