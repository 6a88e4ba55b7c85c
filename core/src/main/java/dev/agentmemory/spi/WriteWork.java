package dev.agentmemory.spi;

/**
 * Work run by a {@link StorageEngine} inside one write transaction.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface WriteWork<T> {
    /**
     * Runs the work.
     *
     * @param session valid only during this call and on this thread
     * @return the result
     */
    T run(WriteSession session);
}
