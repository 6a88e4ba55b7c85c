package dev.agentmemory.demo;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe: share one instance. Each tenant's own operation counts and latencies, which is
 * what a tenant's key may read from {@code /api/stats}; the store's figures are server-wide and
 * need the admin key.
 *
 * <p>The demo counts at its routes ({@link #timed}): one operation per request, named by what
 * it does ({@code putNote}, {@code search}...), a failure when the handler threw. The map
 * grows with the configured tenants and the fixed set of routes only.
 */
final class TenantStats {
    private final ConcurrentMap<String, ConcurrentMap<String, Counter>> byTenant = new ConcurrentHashMap<>();

    /** {@code handler}, counted for the request's tenant as {@code operation}. */
    Handler timed(String operation, Handler handler) {
        return ctx -> {
            long start = System.nanoTime();
            boolean failed = true;
            try {
                handler.handle(ctx);
                failed = false;
            } finally {
                record(ctx, operation, System.nanoTime() - start, failed);
            }
        };
    }

    private void record(Context ctx, String operation, long nanos, boolean failed) {
        String tenant = Auth.tenantOrNull(ctx);
        if (tenant == null) {
            return;
        }
        byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(operation, o -> new Counter()).add(nanos, failed);
    }

    /** The tenant's operations, by name: calls, failures, meanMicros, maxMicros. */
    Map<String, Object> snapshot(String tenant) {
        Map<String, Object> out = new TreeMap<>();
        Map<String, Counter> counters = byTenant.get(tenant);
        if (counters != null) {
            counters.forEach((name, c) -> out.put(name, c.snapshot()));
        }
        return out;
    }

    /** One operation of one tenant. */
    private static final class Counter {
        private final LongAdder calls = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final LongAdder nanos = new LongAdder();
        private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

        void add(long took, boolean failed) {
            calls.increment();
            if (failed) {
                failures.increment();
            }
            nanos.add(took);
            maxNanos.accumulate(took);
        }

        Map<String, Object> snapshot() {
            long n = calls.sum();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("calls", n);
            out.put("failures", failures.sum());
            out.put("meanMicros", n == 0 ? 0 : nanos.sum() / n / 1_000);
            out.put("maxMicros", maxNanos.get() / 1_000);
            return out;
        }
    }
}
