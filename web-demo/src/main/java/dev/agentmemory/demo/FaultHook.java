package dev.agentmemory.demo;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. A test hook, off unless the system property
 * {@value #HALT_AFTER_COMMIT} is set: the n-th create call (a note or a message) halts the JVM
 * with status 137 after the store committed and before the HTTP reply, as a crash or a
 * {@code kill -9} would at the worst moment. The idempotent-replay test uses it; nothing else should.
 */
final class FaultHook {

    /** {@code -Dagentmemory.demo.faultHaltAfterCommit=<n>}: halt after the n-th create commits. */
    static final String HALT_AFTER_COMMIT = "agentmemory.demo.faultHaltAfterCommit";

    private static final Logger LOG = LoggerFactory.getLogger(FaultHook.class);
    private static final FaultHook NONE = new FaultHook(0);

    private final int haltAt;
    private final AtomicInteger creates = new AtomicInteger();

    private FaultHook(int haltAt) {
        this.haltAt = haltAt;
    }

    /** The hook the system properties ask for; {@link #none()} without them. */
    static FaultHook fromSystemProperties() {
        String n = System.getProperty(HALT_AFTER_COMMIT);
        if (n == null || n.isBlank()) {
            return NONE;
        }
        try {
            int at = Integer.parseInt(n.strip());
            if (at < 1) {
                throw new NumberFormatException("below 1");
            }
            LOG.warn("TEST HOOK ON: the JVM halts after create call {} commits ({}={})", at, HALT_AFTER_COMMIT, n);
            return new FaultHook(at);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HALT_AFTER_COMMIT + " must be a whole number of at least 1, got '"
                    + n + "'", e);
        }
    }

    static FaultHook none() {
        return NONE;
    }

    /** Called by every create after its write committed and before its reply. */
    void afterCommit(String what) {
        if (haltAt > 0 && creates.incrementAndGet() == haltAt) {
            LOG.warn("TEST HOOK: halting after create call {} ({}) committed, before its reply", haltAt, what);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
