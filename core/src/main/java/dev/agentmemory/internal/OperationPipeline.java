package dev.agentmemory.internal;

import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreClosedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Thread-safe: share one instance per store. The one path every public operation takes, in
 * four stages:
 *
 * <ol>
 *   <li><b>gate</b>: refused once the store is closing, and a write refused on a thread that
 *       runs a transaction callback;
 *   <li><b>resolve</b>, once: validation, embedding, ids; nothing here touches the database, and
 *       nothing here is repeated by a retry (a retry never runs the embedding model again);
 *   <li><b>storage</b>, with retries: only this part is retried, with the resolved value and a
 *       flag saying whether an earlier attempt may have committed;
 *   <li><b>record</b>: statistics, the write epoch, and the store and operation named in any
 *       error ({@code [sqlite:m.db] put(alice/notes) failed: ...}), built only on failure.
 * </ol>
 */
final class OperationPipeline {
    private final String store;
    private final CallGate gate = new CallGate();
    private final OperationRecorder recorder;
    private final Retrier retrier;
    /** Writes finished through this store, failed ones too; a bounded-staleness search re-checks after any. */
    private final AtomicLong writeEpoch = new AtomicLong();
    /** Set while this thread runs a transaction callback of this store; holds no connection. */
    private final ThreadLocal<Boolean> inCallback = new ThreadLocal<>();

    OperationPipeline(String store, OperationRecorder recorder, Retrier retrier) {
        this.store = store;
        this.recorder = recorder;
        this.retrier = retrier;
    }

    /** The storage part of an operation over its resolved arguments. */
    @FunctionalInterface
    interface Storage<R, T> {
        /**
         * @param retry true if an earlier attempt may have committed
         */
        T run(R resolved, boolean retry);
    }

    /**
     * Runs one operation through every stage.
     *
     * @param target what it works on, for example {@code alice/personal}
     * @param resolve validates and prepares the arguments, once
     * @param storage the part that talks to the database, retried as {@code op} allows
     */
    <R, T> T run(Operation op, String target, Supplier<R> resolve, Storage<R, T> storage) {
        if (op.writes()) {
            checkNotInCallback(op, target);
        }
        if (!gate.enter()) {
            throw closed(op, target);
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            R resolved = resolve.get();
            return retrier.run(op, retry -> storage.run(resolved, retry));
        } catch (MemoryStoreException e) {
            failure = e;
            throw e.withContext(op.failurePrefix(store, target));
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (op.writes()) {
                writeEpoch.incrementAndGet(); // failed ones too: a write may commit and still report failure
            }
            recorder.record(op.name(), System.nanoTime() - start, failure);
            gate.exit();
        }
    }

    /** Runs an operation whose resolve stage only validates. */
    <T> T run(Operation op, String target, Runnable validate, Supplier<T> storage) {
        return run(op, target, () -> {
            validate.run();
            return null;
        }, (none, retry) -> storage.get());
    }

    /**
     * Runs {@code work} as this thread's transaction callback: writes through the store made
     * from it are refused (see {@link #checkNotInCallback}).
     */
    <T> T asCallback(Supplier<T> work) {
        inCallback.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            inCallback.remove();
        }
    }

    /** True if the calling thread runs a transaction callback of this store. */
    boolean inCallback() {
        return Boolean.TRUE.equals(inCallback.get());
    }

    /**
     * Refuses a write made through the store while the same thread runs a transaction
     * callback: it would wait for the write lock (the SQLite writer connection, a server's row
     * lock) that the transaction itself holds, until the pool timeout.
     *
     * @throws IllegalStateException if the calling thread is inside a transaction callback
     */
    void checkNotInCallback(Operation op, String target) {
        if (inCallback()) {
            throw new IllegalStateException("[" + store + "] " + op.name() + "(" + target + ") was called inside an"
                    + " inTransaction callback on the same thread; it would wait for the write lock the transaction"
                    + " holds. Use the Transaction's methods inside the callback");
        }
    }

    /**
     * Refuses to hand out a view (a namespace, a conversation) once the store is closing.
     *
     * @throws StoreClosedException if it is
     */
    void checkOpen(String what, String target) {
        if (gate.isClosed()) {
            throw new StoreClosedException("[" + store + "] " + what + "(" + target + ") failed: the store is closed;"
                    + " open a new store to continue");
        }
    }

    private StoreClosedException closed(Operation op, String target) {
        return new StoreClosedException(op.failurePrefix(store, target) + "the store is closed; open a new store to"
                + " continue");
    }

    /** This store's count of finished writes. */
    long writeEpoch() {
        return writeEpoch.get();
    }

    boolean isClosed() {
        return gate.isClosed();
    }

    /**
     * Closes the gate: every operation that has not started yet is refused from now on.
     *
     * @return true if this call closed it, false if it was closed already
     */
    boolean shut() {
        return gate.shut();
    }

    /** Waits until {@code deadline} (a {@link System#nanoTime()} value) for operations in flight. */
    void awaitDrained(long deadline) {
        gate.awaitDrained(deadline);
    }
}
