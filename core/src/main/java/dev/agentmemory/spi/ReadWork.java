package dev.agentmemory.spi;

/**
 * Work run by a {@link StorageEngine} inside one read transaction.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface ReadWork<T> {
    /**
     * Runs the work.
     *
     * @param session valid only during this call and on this thread
     * @return the result
     */
    T run(ReadSession session);
}
