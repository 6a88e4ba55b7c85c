package dev.agentmemory.demo;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Thread-safe: stateless but for the immutable keys. Finds the tenant of a request from its API
 * key ({@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}) and nothing else.
 */
final class Auth {
    private static final String TENANT_ATTRIBUTE = "agentmemory.tenant";

    private final ApiKeys keys;

    Auth(ApiKeys keys) {
        this.keys = keys;
    }

    /**
     * A before-handler: resolves the key and remembers the tenant on the request.
     *
     * @throws ApiException 401 {@code UNAUTHORIZED} when the key is missing or unknown
     */
    void authenticate(Context ctx) {
        String key = ctx.header("X-Api-Key");
        String authorization = ctx.header("Authorization");
        if ((key == null || key.isBlank()) && authorization != null
                && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            key = authorization.substring("bearer ".length()).strip();
        }
        if (key == null || key.isBlank()) {
            throw new ApiException(401, "UNAUTHORIZED",
                    "no API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
        }
        String tenant = keys.tenantFor(key.strip()).orElseThrow(() -> new ApiException(401, "UNAUTHORIZED",
                "the API key is not known to this server"));
        ctx.attribute(TENANT_ATTRIBUTE, tenant);
    }

    /** The tenant {@link #authenticate} found for this request. */
    static String tenant(Context ctx) {
        String tenant = ctx.attribute(TENANT_ATTRIBUTE);
        if (tenant == null) {
            // A route outside the authenticated paths asked for a tenant: a bug, not a client error.
            throw new IllegalStateException("no tenant on request " + ctx.path());
        }
        return tenant;
    }
}
