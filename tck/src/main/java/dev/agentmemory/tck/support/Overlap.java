package dev.agentmemory.tck.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Thread-safe: share one instance per race. Counts the threads inside a section at the same
 * time; the most seen at once is the evidence that a race test really raced (two threads were
 * inside the call together), not only that its outcome was right.
 */
public final class Overlap {
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();

    /** Creates a counter that has seen no thread. */
    public Overlap() {}

    /**
     * Runs {@code call} counted as inside the section.
     *
     * @return what {@code call} returned
     * @throws RuntimeException what {@code call} threw
     */
    public <T> T during(Supplier<T> call) {
        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
            return call.get();
        } finally {
            inside.decrementAndGet();
        }
    }

    /**
     * Runs {@code call} counted as inside the section.
     *
     * @throws RuntimeException what {@code call} threw
     */
    public void during(Runnable call) {
        during(() -> {
            call.run();
            return null;
        });
    }

    /** The most threads that were inside the section at once so far. */
    public int most() {
        return most.get();
    }
}
