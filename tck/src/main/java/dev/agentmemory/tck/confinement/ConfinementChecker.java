package dev.agentmemory.tck.confinement;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Thread-safe: share one instance per store under test. Records the borrowing thread of every
 * connection and reports any use from another thread or after return.
 *
 * <p>Install it outside the backend's pool, so that each {@code getConnection()} is one borrow
 * and each {@code Connection.close()} one return:
 *
 * <pre>{@code
 * ConfinementChecker checker = new ConfinementChecker();
 * MemoryStore store = MemoryStores.open(StoreConfig.builder(uri)
 *         .attribute(JdbcSettings.DATA_SOURCE_DECORATOR, checker.decorator())
 *         .build());
 * ... run the test ...
 * store.close();
 * checker.assertClean();
 * }</pre>
 *
 * <p>Every connection handed out is a {@link java.lang.reflect.Proxy}; so is every
 * {@code Statement}, {@code PreparedStatement}, {@code CallableStatement}, {@code ResultSet}
 * and {@code DatabaseMetaData} obtained from it. Any method of these that runs on another
 * thread than the borrower, or after the connection was returned, is recorded as a violation
 * and throws {@link IllegalStateException}, so the misuse cannot succeed silently even where
 * a backend swallows the exception. {@code close()} and {@code isClosed()} are allowed after
 * the return (cleanup code calls them) and {@code close()} is idempotent. {@code toString},
 * {@code equals} and {@code hashCode} never reach the delegate and are allowed anywhere.
 *
 * <p>This is the dynamic half of rule 2 of the thread-safety contract (see
 * {@code docs/THREADING.md}); {@link dev.agentmemory.tck.arch.ThreadSafetyRules} is the static
 * half.
 */
public final class ConfinementChecker {
    private final AtomicLong borrowCount = new AtomicLong();
    private final Map<Long, Borrow> outstanding = new ConcurrentHashMap<>();
    private final Queue<Violation> violations = new ConcurrentLinkedQueue<>();

    /** Creates a checker with no borrows and no violations. */
    public ConfinementChecker() {}

    /**
     * A decorator to install with {@code JdbcSettings.DATA_SOURCE_DECORATOR}: it wraps a
     * {@link DataSource} so that every connection it hands out is checked by this checker.
     */
    public UnaryOperator<DataSource> decorator() {
        return dataSource -> new CheckedDataSource(dataSource, this);
    }

    /** Every violation seen so far, one line each, with thread names and the method called. */
    public List<String> violations() {
        return violations.stream().map(Violation::summary).collect(Collectors.toUnmodifiableList());
    }

    /** Connections borrowed and not yet returned. */
    public int outstanding() {
        return outstanding.size();
    }

    /** Connections borrowed in all. */
    public long borrows() {
        return borrowCount.get();
    }

    /**
     * Fails if any violation was recorded or a connection is still borrowed. The message lists
     * each violation with its stack, and each connection not returned with the thread that
     * borrowed it and where.
     *
     * @throws AssertionError listing the violations and the connections not returned
     */
    public void assertClean() {
        List<Violation> seen = new ArrayList<>(violations);
        List<Borrow> leaked = outstanding.values().stream()
                .sorted(Comparator.comparingLong(Borrow::id))
                .collect(Collectors.toList());
        if (seen.isEmpty() && leaked.isEmpty()) {
            return;
        }
        throw new AssertionError(report(seen, leaked));
    }

    @Override
    public String toString() {
        return "ConfinementChecker[borrows=" + borrows() + ", outstanding=" + outstanding()
                + ", violations=" + violations.size() + "]";
    }

    /** Records a borrow on the current thread and returns the confined connection. */
    Connection borrowed(Connection delegate) {
        Borrow borrow = new Borrow(borrowCount.incrementAndGet(), Thread.currentThread(), Threads.callerStack());
        outstanding.put(borrow.id(), borrow);
        return ConnectionHandler.proxy(delegate, borrow, this);
    }

    void returned(Borrow borrow) {
        outstanding.remove(borrow.id());
    }

    /**
     * Lets a call through if it runs on the borrowing thread while the connection is borrowed.
     *
     * @throws IllegalStateException after recording a violation otherwise
     */
    void check(Borrow borrow, String call) {
        Thread current = Thread.currentThread();
        boolean foreign = !borrow.isOwnedBy(current);
        String returnedBy = borrow.returnedBy();
        if (!foreign && returnedBy == null) {
            return;
        }
        StringBuilder summary = new StringBuilder()
                .append('[').append(borrow.label()).append(" borrowed by thread ").append(borrow.ownerName())
                .append("] ").append(call).append(" ran on thread ").append(Threads.describe(current));
        if (returnedBy != null) {
            summary.append(" after the connection was returned by thread ").append(returnedBy);
        } else {
            summary.append(", not on the borrowing thread");
        }
        violations.add(new Violation(summary.toString(), Threads.callerStack()));
        throw new IllegalStateException(summary
                + ". A JDBC connection and its statements and result sets are confined to the thread that"
                + " borrowed it and die when it is returned (thread-safety contract, rule 2); the call was"
                + " refused and recorded. Borrow, use and return a connection within one call on one thread.");
    }

    private static String report(List<Violation> seen, List<Borrow> leaked) {
        StringBuilder out = new StringBuilder("Connection confinement broken: ")
                .append(seen.size()).append(" violation(s), ")
                .append(leaked.size()).append(" connection(s) not returned");
        if (!seen.isEmpty()) {
            out.append("\nViolations:");
            int n = 0;
            for (Violation violation : seen) {
                out.append("\n  ").append(++n).append(". ").append(violation.summary());
                appendStack(out, violation.stack());
            }
        }
        if (!leaked.isEmpty()) {
            out.append("\nNot returned (borrowed, never closed):");
            for (Borrow borrow : leaked) {
                out.append("\n  ").append(borrow.label()).append(" borrowed by thread ").append(borrow.ownerName())
                        .append(" at");
                appendStack(out, borrow.stack());
            }
        }
        return out.toString();
    }

    private static void appendStack(StringBuilder out, List<String> stack) {
        for (String frame : stack) {
            out.append("\n        at ").append(frame);
        }
    }
}
