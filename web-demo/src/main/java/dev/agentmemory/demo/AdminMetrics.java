package dev.agentmemory.demo;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.micrometer.AgentMemoryMetrics;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Thread-safe: share one instance. The store's meters ({@link AgentMemoryMetrics}) as Prometheus
 * text at {@value #PATH}, for clients on this machine only: the figures (pool sizes, operation
 * counts, index sizes) are for the operator, not for API users, so the route needs no API key
 * and answers 404 to every other address, as if it did not exist.
 */
final class AdminMetrics {
    static final String PATH = "/admin/metrics";
    /** The content type Prometheus scrapers ask for. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    AdminMetrics(MemoryStore store) {
        new AgentMemoryMetrics(store).bindTo(registry);
    }

    /** Answers a scrape, or 404 for a client that is not on this machine. */
    void scrape(Context ctx) {
        if (!isLoopback(ctx.req().getRemoteAddr())) {
            throw new ApiException(404, "NOT_FOUND", "no such endpoint: GET " + PATH);
        }
        ctx.header("Cache-Control", "no-store").contentType(CONTENT_TYPE).result(registry.scrape());
    }

    /** Whether {@code address} (a literal IP, as the servlet API gives it) is this machine's loopback. */
    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
