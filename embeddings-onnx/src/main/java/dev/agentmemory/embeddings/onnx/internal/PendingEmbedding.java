package dev.agentmemory.embeddings.onnx.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Thread-safe: shared by exactly two threads, the caller that waits and the dispatcher that
 * answers. One caller's text on its way through the micro-batcher, and the hand-off of its
 * vector or error back to that caller.
 *
 * <p>Ownership is one int changed by compare-and-set, as in HikariCP's pool entries: the
 * dispatcher {@link #claim() claims} a waiting text before it runs it, and a caller whose
 * deadline passed or whose thread was interrupted {@link #abandon() abandons} it. Whichever
 * wins decides: an abandoned text is never run, and a claimed text's result is kept or dropped,
 * never handed to anyone else.
 */
public final class PendingEmbedding {

    private static final int WAITING = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;
    private static final int ABANDONED = 3;

    private final String text;
    private final Thread caller;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    /** Written before {@link #state} becomes DONE, read after it was seen DONE. */
    private float[] vector;
    private RuntimeException error;

    /**
     * A text waiting for the current thread.
     *
     * @param text the text, not null
     */
    public PendingEmbedding(String text) {
        this.text = text;
        this.caller = Thread.currentThread();
    }

    /** The text to embed. */
    public String text() {
        return text;
    }

    /**
     * Takes the text for a batch, unless its caller has given up on it.
     *
     * @return true if the dispatcher now owns it and must {@link #complete} or {@link #fail} it
     */
    public boolean claim() {
        return state.compareAndSet(WAITING, CLAIMED);
    }

    /**
     * Gives up on the text, unless the dispatcher has claimed it already.
     *
     * @return true if it will never run
     */
    public boolean abandon() {
        return state.compareAndSet(WAITING, ABANDONED);
    }

    /** Hands the vector to the caller; only the dispatcher that claimed the text calls this. */
    public void complete(float[] result) {
        this.vector = result;
        finish();
    }

    /** Hands an error to the caller; only the dispatcher that claimed the text calls this. */
    public void fail(RuntimeException failure) {
        this.error = failure;
        finish();
    }

    private void finish() {
        state.set(DONE);
        LockSupport.unpark(caller);
    }

    /**
     * Waits on the calling thread, the one that made this object, until the text is done, the
     * deadline passes or the thread is interrupted. An abandoned wait leaves the interrupt flag
     * as it found it; a claimed text is waited for to the end of the deadline, since the model
     * call cannot be taken back.
     *
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return true if done ({@link #vector()} or {@link #error()} holds the answer), false if the
     *     wait ended without one
     */
    public boolean await(long deadlineNanos) {
        while (state.get() != DONE) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return state.get() == DONE;
            }
            if (Thread.currentThread().isInterrupted()) {
                return state.get() == DONE;
            }
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return true;
    }

    /** True once the dispatcher has claimed the text: the caller can no longer withdraw it. */
    public boolean claimed() {
        int s = state.get();
        return s == CLAIMED || s == DONE;
    }

    /** The vector, once {@link #await} returned true and there was no error. */
    public float[] vector() {
        return vector;
    }

    /** The error, once {@link #await} returned true, or null. */
    public RuntimeException error() {
        return error;
    }
}
