package dev.agentmemory.cli.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Thread-safe: share one instance. Makes Ctrl-C (or SIGTERM) stop long work at a safe point:
 * the JVM's shutdown hook asks for a stop and waits while the work finishes its current batch,
 * which is written whole or not at all; the work checks {@link #checkpoint()} between batches.
 */
public final class Cancellation implements AutoCloseable {
    /** Immutable and thread-safe: thrown at a checkpoint once a stop was asked for. */
    public static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("interrupted");
        }
    }

    private static final Duration GRACE = Duration.ofSeconds(60);
    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Cancellation() {
        hook = new Thread(this::stopAndWait, "agent-memory-cli-interrupt");
    }

    /** Starts listening for Ctrl-C and SIGTERM. */
    public static Cancellation install() {
        Cancellation c = new Cancellation();
        Runtime.getRuntime().addShutdownHook(c.hook);
        return c;
    }

    /**
     * Returns if work may go on.
     *
     * @throws Cancelled if a stop was asked for
     */
    public void checkpoint() {
        if (requested.get()) {
            // Said here, not by the caller: once the work unwinds, the JVM may halt at any moment.
            System.err.println("interrupted at a safe point: every batch written so far is complete; run the same "
                    + "command again to resume");
            throw new Cancelled();
        }
    }

    /** True once a stop was asked for. */
    public boolean requested() {
        return requested.get();
    }

    private void stopAndWait() {
        requested.set(true);
        try {
            finished.await(GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The work is over (done, failed or cancelled): the JVM may exit. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and now returns: nothing to remove.
        }
    }
}
