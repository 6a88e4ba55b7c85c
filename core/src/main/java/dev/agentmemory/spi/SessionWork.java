package dev.agentmemory.spi;

/**
 * Work run by a {@link StorageEngine} inside one transaction.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface SessionWork<T> {
    /**
     * Runs the work.
     *
     * @param session valid only during this call and on this thread
     * @return the result
     */
    T run(StorageSession session);
}
