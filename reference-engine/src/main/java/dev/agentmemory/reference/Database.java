package dev.agentmemory.reference;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Thread-safe: share one instance. One in-memory database: the snapshot of its last commit and
 * the lock that lets one writer at a time build the next one.
 *
 * <p>The concurrency design, the whole of it: a read takes the current snapshot (a volatile
 * read) and never waits; a write takes the write lock (fair, so writers are served in arrival
 * order, waiting at most the lock timeout), builds a {@link Transaction} on the current
 * snapshot, and publishes the result with one volatile write when the work returns. A reader
 * therefore sees either all of a transaction or none of it, and a transaction that throws is
 * simply never published.
 */
final class Database {
    private final String name;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final AtomicInteger readers = new AtomicInteger();
    private volatile Snapshot current = Snapshot.empty();
    private volatile Thread writer;

    Database(String name) {
        this.name = name;
    }

    /** The database's name in {@code reference:<name>}; empty for a private database. */
    String name() {
        return name;
    }

    /** Runs a read on the snapshot of the last commit. */
    <T> T read(Function<Snapshot, T> body) {
        readers.incrementAndGet();
        try {
            return body.apply(current);
        } finally {
            readers.decrementAndGet();
        }
    }

    /**
     * Runs a write transaction: {@code body} changes a {@link Transaction}; what it leaves is
     * published when it returns, unless {@code faults} says otherwise.
     *
     * @throws IllegalStateException if this thread is inside a write on this database already
     *     (it would otherwise wait for itself)
     * @throws StorageException {@link FailureKind#RETRYABLE} if the lock was not free within
     *     {@code lockTimeout}, or what {@code faults} planned
     */
    <T> T write(Function<Transaction, T> body, Duration lockTimeout, ReferenceFaults faults, String describe) {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("[" + describe + "] this thread is inside a write transaction already;"
                    + " a nested write would wait for itself. Do the write through the transaction's session.");
        }
        acquire(lockTimeout, describe);
        try {
            writer = Thread.currentThread();
            Transaction tx = new Transaction(current);
            T result = body.apply(tx);
            ReferenceFaults.FaultAction fault = faults == null ? null : faults.next();
            if (fault != null && !fault.afterCommit()) {
                throw fault.exception(describe);
            }
            current = tx.commit();
            if (fault != null) {
                throw fault.exception(describe);
            }
            return result;
        } finally {
            writer = null;
            writeLock.unlock();
        }
    }

    private void acquire(Duration timeout, String describe) {
        try {
            if (writeLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            Thread holder = writer;
            throw new StorageException(FailureKind.RETRYABLE, "[" + describe + "] write failed: the write lock was"
                    + " held for longer than " + timeout.toMillis() + " ms (by thread '"
                    + (holder == null ? "?" : holder.getName()) + "', " + writeLock.getQueueLength()
                    + " writers waiting); nothing was applied. Shorten the transactions, or raise the"
                    + " lockTimeoutMillis property", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(FailureKind.RETRYABLE, "[" + describe + "] write failed: interrupted while"
                    + " waiting for the write lock; nothing was applied", e);
        }
    }

    /**
     * The engine's "pools": the writer is the write lock (one permit), readers are not pooled
     * and count only the reads in flight.
     */
    List<StoreStats.PoolStats> pools() {
        int writing = writeLock.isLocked() ? 1 : 0;
        int reading = readers.get();
        return List.of(new StoreStats.PoolStats("writer", 1, writing, 1 - writing,
                        writeLock.getQueueLength()),
                new StoreStats.PoolStats("reader", reading, reading, 0, 0));
    }
}
