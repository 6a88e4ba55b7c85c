package dev.agentmemory.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Thread-safe: share one instance. Lets through only requests that carry a known API key, so
 * the MCP layer never sees a call without a scope.
 */
final class ApiKeyFilter implements Filter {
    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    static Optional<Scope> scope(ApiKeys keys, HttpServletRequest request) {
        return McpHttpServer.keyOf(request).flatMap(keys::scopeOf);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (scope(keys, http).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse out = (HttpServletResponse) response;
        out.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        out.setHeader("WWW-Authenticate", "Bearer");
        out.setContentType("application/json");
        String why = McpHttpServer.keyOf(http).isPresent() ? "unknown API key" : "no API key";
        out.getOutputStream().write(("{\"error\":\"" + why + ": send Authorization: Bearer <key> or X-API-Key: <key>\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
