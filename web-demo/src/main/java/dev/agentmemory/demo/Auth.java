package dev.agentmemory.demo;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * Thread-safe: stateless but for the immutable keys. Finds the tenant of a request from its API
 * key ({@code Authorization: Bearer <key>} or {@code X-Api-Key: <key>}) and nothing else. The
 * admin key names no tenant: it reads {@value #ADMIN_PATH} and is refused everywhere else.
 */
final class Auth {
    /** The one route the admin key may call: the server-wide figures. */
    static final String ADMIN_PATH = "/api/stats";

    private static final String TENANT_ATTRIBUTE = "agentmemory.tenant";
    private static final String ADMIN_ATTRIBUTE = "agentmemory.admin";

    private final ApiKeys keys;

    Auth(ApiKeys keys) {
        this.keys = keys;
    }

    /**
     * A before-handler: resolves the key and remembers the tenant on the request.
     *
     * @throws ApiException 401 {@code UNAUTHORIZED} when the key is missing or unknown; 403
     *     {@code FORBIDDEN} for the admin key on any route but {@value #ADMIN_PATH}
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
        if (keys.isAdmin(key.strip())) {
            if (!ctx.path().equals(ADMIN_PATH) || !"GET".equals(ctx.method().name())) {
                throw new ApiException(403, "FORBIDDEN", "the admin key reads the server-wide figures of GET "
                        + ADMIN_PATH + " only; use a tenant's key for everything else");
            }
            ctx.attribute(ADMIN_ATTRIBUTE, Boolean.TRUE);
            return;
        }
        String tenant = keys.tenantFor(key.strip()).orElseThrow(() -> new ApiException(401, "UNAUTHORIZED",
                "the API key is not known to this server"));
        ctx.attribute(TENANT_ATTRIBUTE, tenant);
    }

    /** True if the request came with the admin key. */
    static boolean isAdmin(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ADMIN_ATTRIBUTE));
    }

    /** The request's tenant, or null if it has none (a public route, the admin key, a refused key). */
    static String tenantOrNull(Context ctx) {
        return ctx.attribute(TENANT_ATTRIBUTE);
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
