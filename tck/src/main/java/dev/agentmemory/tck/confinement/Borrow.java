package dev.agentmemory.tck.confinement;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe: one borrowed connection as the checker sees it: who borrowed it, where, and
 * whether (and by whom) it was returned.
 */
final class Borrow {
    private final long id;
    private final Thread owner;
    private final String ownerName;
    private final List<String> stack;
    private final AtomicReference<String> returnedBy = new AtomicReference<>();

    Borrow(long id, Thread owner, List<String> stack) {
        this.id = id;
        this.owner = owner;
        this.ownerName = Threads.describe(owner);
        this.stack = List.copyOf(stack);
    }

    long id() {
        return id;
    }

    /** For example {@code connection #3}. */
    String label() {
        return "connection #" + id;
    }

    boolean isOwnedBy(Thread thread) {
        return owner == thread;
    }

    /** For example {@code "worker-1" (id 42)}. */
    String ownerName() {
        return ownerName;
    }

    /** Where the connection was borrowed, innermost frame first. */
    List<String> stack() {
        return stack;
    }

    /**
     * Marks the connection returned by the current thread.
     *
     * @return false if it had already been returned
     */
    boolean markReturned() {
        return returnedBy.compareAndSet(null, Threads.describe(Thread.currentThread()));
    }

    boolean isReturned() {
        return returnedBy.get() != null;
    }

    /** The thread that returned the connection, or null while it is borrowed. */
    String returnedBy() {
        return returnedBy.get();
    }
}
