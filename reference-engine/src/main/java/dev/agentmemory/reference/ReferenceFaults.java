package dev.agentmemory.reference;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.StorageException;
import dev.agentmemory.StoreConfig;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Thread-safe: share one instance. Faults that a test plans for the write transactions of a
 * {@link ReferenceEngine}, to show what core does when storage fails: which failures it
 * retries, and that a retried write lands exactly once.
 *
 * <pre>{@code
 * ReferenceFaults faults = new ReferenceFaults();
 * MemoryStore store = MemoryStores.open(StoreConfig.builder("reference:retries")
 *         .attribute(ReferenceFaults.KEY, faults).build());
 * faults.loseNextCommitReplies(1);   // the next write commits, then reports UNKNOWN_OUTCOME
 * store.namespace("t", "n").put(draft);
 * }</pre>
 *
 * <p>Planned outcomes are used up in the order they were planned, one per write transaction
 * that reaches its commit (a write whose work throws uses none); with none planned, writes
 * commit. Reads are never failed.
 */
public final class ReferenceFaults {
    /** The {@link StoreConfig} attribute that hands an engine its faults. */
    public static final StoreConfig.Key<ReferenceFaults> KEY =
            new StoreConfig.Key<>("agentmemory.reference.faults", ReferenceFaults.class);

    /** A planned outcome: fail with {@code kind}, before the commit or after it; no kind: commit. */
    private record Fault(FailureKind kind, boolean afterCommit) {}

    private static final Fault PASS = new Fault(null, false);

    private final Deque<Fault> planned = new ArrayDeque<>();
    private long injected;

    /** Creates a plan with no faults. */
    public ReferenceFaults() {}

    /**
     * The next {@code n} write transactions fail with {@code kind} instead of committing:
     * nothing of theirs is applied, whatever the kind says.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public synchronized void failNextCommits(int n, FailureKind kind) {
        plan(n, new Fault(Objects.requireNonNull(kind, "kind"), false));
    }

    /**
     * The next {@code n} write transactions commit normally: use this to aim a later fault at
     * one particular transaction.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public synchronized void passNextCommits(int n) {
        plan(n, PASS);
    }

    /**
     * The next {@code n} write transactions commit and then fail with
     * {@link FailureKind#UNKNOWN_OUTCOME}, as when a server dies after its commit and before
     * its reply.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public synchronized void loseNextCommitReplies(int n) {
        plan(n, new Fault(FailureKind.UNKNOWN_OUTCOME, true));
    }

    private void plan(int n, Fault fault) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative, got " + n);
        }
        for (int i = 0; i < n; i++) {
            planned.add(fault);
        }
    }

    /** The number of faults injected so far. */
    public synchronized long injected() {
        return injected;
    }

    /** The number of planned outcomes not yet used. */
    public synchronized int pending() {
        return planned.size();
    }

    /** Takes the next fault for a transaction about to commit, or null for none. */
    synchronized FaultAction next() {
        Fault f = planned.poll();
        if (f == null || f == PASS) {
            return null;
        }
        injected++;
        return new FaultAction(f.kind(), f.afterCommit());
    }

    /**
     * One fault taken for one transaction.
     *
     * @param kind the failure kind to throw
     * @param afterCommit true to throw after publishing the commit, false instead of it
     */
    record FaultAction(FailureKind kind, boolean afterCommit) {
        StorageException exception(String describe) {
            return new StorageException(kind, "[" + describe + "] write failed: fault injected by ReferenceFaults ("
                    + (afterCommit ? "the transaction committed, its reply was lost" : "nothing was applied") + ")",
                    null);
        }
    }
}
