package dev.agentmemory.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe: share one instance. The server's own request counts, shown beside the store's stats. */
final class HttpCounters {
    private final LongAdder requests = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    void started() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void finished(int status) {
        inFlight.decrementAndGet();
        requests.increment();
        if (status >= 500) {
            serverErrors.increment();
        } else if (status >= 400) {
            clientErrors.increment();
        }
    }

    /** A request Jetty refused before it reached a route (so {@link #started()} never ran). */
    void refused(int status) {
        requests.increment();
        if (status >= 500) {
            serverErrors.increment();
        } else if (status >= 400) {
            clientErrors.increment();
        }
    }

    long serverErrors() {
        return serverErrors.sum();
    }

    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", requests.sum());
        out.put("inFlight", inFlight.get());
        out.put("maxInFlight", maxInFlight.get());
        out.put("clientErrors", clientErrors.sum());
        out.put("serverErrors", serverErrors.sum());
        return out;
    }
}
