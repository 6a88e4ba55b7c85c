package dev.agentmemory.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreStats;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe: share one instance. Counts calls, failures, retries and latencies per operation. */
final class OperationRecorder {
    private final Map<String, Counters> byOperation = new ConcurrentHashMap<>();

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder conflicts = new LongAdder();
        final LongAdder totalNanos = new LongAdder();
        final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    }

    private Counters counters(String op) {
        return byOperation.computeIfAbsent(op, k -> new Counters());
    }

    /**
     * Counts one finished call.
     *
     * @param failure what it failed with, or null if it succeeded
     */
    void record(String op, long nanos, Throwable failure) {
        Counters c = counters(op);
        c.calls.increment();
        if (failure != null) {
            c.failures.increment();
            if (failure instanceof MemoryStoreException e && e.code() == ErrorCode.VERSION_CONFLICT) {
                c.conflicts.increment();
            }
        }
        c.totalNanos.add(nanos);
        c.maxNanos.accumulate(nanos);
    }

    void retried(String op) {
        counters(op).retries.increment();
    }

    Map<String, StoreStats.OperationStats> snapshot() {
        Map<String, StoreStats.OperationStats> out = new TreeMap<>();
        byOperation.forEach((op, c) -> {
            long calls = c.calls.sum();
            out.put(op, new StoreStats.OperationStats(calls, c.failures.sum(), c.retries.sum(),
                    calls == 0 ? 0 : c.totalNanos.sum() / calls / 1_000, c.maxNanos.get() / 1_000, c.conflicts.sum()));
        });
        return out;
    }
}
