package dev.agentmemory.internal;

import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Thread-safe: share one instance. Retries transient storage failures with bounded,
 * jittered exponential backoff.
 *
 * <p>{@link StorageException.FailureKind#RETRYABLE} failures applied nothing and are retried
 * for every operation; {@link StorageException.FailureKind#UNKNOWN_OUTCOME} failures may have
 * been applied, so only idempotent operations retry them. {@code UNAVAILABLE} (the database
 * cannot be reached) is not retried: each attempt would wait a whole connection timeout.
 */
final class Retrier {
    private final int maxAttempts;
    private final long initialNanos;
    private final long maxNanos;
    private final OperationRecorder recorder;

    Retrier(StoreConfig config, OperationRecorder recorder) {
        StoreConfig.Retry retry = config.retry();
        this.maxAttempts = retry.maxAttempts();
        this.initialNanos = retry.initialBackoff().toNanos();
        this.maxNanos = retry.maxBackoff().toNanos();
        this.recorder = recorder;
    }

    /** Which failures an operation may retry. */
    enum Mode {
        /** Never: the work may have effects outside the store (transaction callbacks). */
        NONE,
        /** Only failures that applied nothing: the operation is not idempotent. */
        NOTHING_APPLIED,
        /** Also failures with an unknown outcome: running the operation twice is harmless. */
        IDEMPOTENT
    }

    /** One attempt of an operation's storage part. */
    @FunctionalInterface
    interface Attempt<T> {
        /**
         * @param retry false for the first attempt, true for every later one (an earlier attempt
         *     may have committed if its outcome was unknown)
         */
        T run(boolean retry);
    }

    /**
     * Runs {@code attempt} until it succeeds, fails in a way {@code op} may not retry, or the
     * attempts are used up; the last failure is thrown.
     */
    <T> T run(Operation op, Attempt<T> attempt) {
        Mode mode = op.retry();
        long backoff = initialNanos;
        for (int n = 1; ; n++) {
            try {
                return attempt.run(n > 1);
            } catch (StorageException e) {
                boolean retryable = switch (e.kind()) {
                    case RETRYABLE -> mode != Mode.NONE;
                    case UNKNOWN_OUTCOME -> mode == Mode.IDEMPOTENT;
                    case UNAVAILABLE, PERMANENT -> false;
                };
                if (!retryable || n >= maxAttempts || !sleep(backoff)) {
                    throw e;
                }
                recorder.retried(op.name());
                backoff = Math.min(maxNanos, backoff * 2);
            }
        }
    }

    /** Sleeps a jittered share of {@code nanos}; false if interrupted (the flag is kept). */
    private static boolean sleep(long nanos) {
        long jittered = nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1);
        try {
            Thread.sleep(jittered / 1_000_000, (int) (jittered % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
