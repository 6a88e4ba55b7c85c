package dev.agentmemory.internal;

import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

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
        this.maxAttempts = config.maxAttempts();
        this.initialNanos = config.initialBackoff().toNanos();
        this.maxNanos = config.maxBackoff().toNanos();
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

    <T> T run(String op, Mode mode, Supplier<T> work) {
        long backoff = initialNanos;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (StorageException e) {
                boolean retryable = switch (e.kind()) {
                    case RETRYABLE -> mode != Mode.NONE;
                    case UNKNOWN_OUTCOME -> mode == Mode.IDEMPOTENT;
                    case UNAVAILABLE, PERMANENT -> false;
                };
                if (!retryable || attempt >= maxAttempts || !sleep(backoff)) {
                    throw e;
                }
                recorder.retried(op);
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
