package dev.agentmemory.demo;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StorageException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thread-safe: share one instance. The web server: the JSON API under {@code /api}, the page
 * under {@code /}, security headers on every response, and every error as
 * {@code {"error":{"code":...,"message":...}}}.
 *
 * <p>It does not own the store: {@link #stop()} lets requests in flight finish (Jetty's graceful
 * shutdown, bounded by {@link #STOP_TIMEOUT}) and then returns, and the caller closes the store.
 */
final class DemoServer {

    /** The largest request body; a larger one is a 413. */
    static final long MAX_REQUEST_BYTES = 64 * 1024;

    /** How long {@link #stop()} waits for requests in flight. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    /** Everything comes from this server; no inline script or style, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);

    /** What error messages call the store instead of its description, which holds a file path or a host. */
    static final String STORE_NAME_FOR_CLIENTS = "the store";

    /** The tenant and namespace the breaker's probe reads (a count: no tenant's data, nothing written). */
    static final String PROBE_TENANT = "demo.probe";

    private final Javalin app;
    private final HttpCounters counters = new HttpCounters();
    private final TenantStats tenantStats = new TenantStats();
    private final StoreBreaker breaker;
    private final AtomicBoolean stopped = new AtomicBoolean();

    DemoServer(MemoryStore store, ApiKeys keys) {
        this(store, keys, FaultHook.none());
    }

    DemoServer(MemoryStore store, ApiKeys keys, FaultHook faults) {
        MemoryApi api = new MemoryApi(store, counters, tenantStats, faults);
        AdminMetrics metrics = new AdminMetrics(store);
        String storeDescription = store.describe();
        Auth auth = new Auth(keys);
        this.breaker = new StoreBreaker(() -> store.namespace(PROBE_TENANT, "health").count());
        TenantStats t = tenantStats;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(JsonBody.MAPPER, false));
            config.jetty.modifyServer(server -> {
                // Graceful stop: refuse new connections, finish requests in flight, then stop.
                server.setHandler(new GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT.toMillis());
                server.setErrorHandler(new JsonErrorHandler(counters));
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = SECURITY_HEADERS;
            });

            config.routes.before(ctx -> SECURITY_HEADERS.forEach(ctx::header));
            config.routes.before("/api/*", ctx -> {
                counters.started();
                ctx.header("Cache-Control", "no-store");
                if (!isPublic(ctx.path())) {
                    auth.authenticate(ctx);
                    if (!ctx.path().equals("/api/me")) {
                        breaker.admit();
                    }
                }
            });
            config.routes.after("/api/*", ctx -> counters.finished(ctx.statusCode()));

            config.routes.get(AdminMetrics.PATH, metrics::scrape);
            config.routes.get("/api/health", this::health);
            config.routes.get("/api/dev-key", ctx -> devKey(ctx, keys));
            config.routes.get("/api/me", api::me);
            config.routes.get(Auth.ADMIN_PATH, api::stats);
            config.routes.get("/api/namespaces", t.timed("listNamespaces", api::namespaces));
            config.routes.post("/api/namespaces/{namespace}/notes", t.timed("putNote", api::putNote));
            config.routes.get("/api/namespaces/{namespace}/notes", t.timed("listNotes", api::listNotes));
            config.routes.delete("/api/namespaces/{namespace}/notes", t.timed("deleteNotes", api::deleteNotes));
            config.routes.get("/api/namespaces/{namespace}/notes/{id}", t.timed("getNote", api::getNote));
            config.routes.delete("/api/namespaces/{namespace}/notes/{id}", t.timed("deleteNote", api::deleteNote));
            config.routes.post("/api/search", t.timed("search", api::search));
            config.routes.post("/api/conversations/{session}/messages", t.timed("appendMessage", api::appendMessage));
            config.routes.get("/api/conversations/{session}/messages", t.timed("lastMessages", api::lastMessages));

            config.routes.exception(ApiException.class, DemoServer::apiError);
            config.routes.exception(MemoryStoreException.class, (e, ctx) -> storeError(e, ctx, storeDescription, breaker));
            config.routes.exception(HttpResponseException.class, DemoServer::httpError);
            config.routes.exception(Exception.class, DemoServer::bug);
        });
    }

    private static boolean isPublic(String path) {
        return path.equals("/api/health") || path.equals("/api/dev-key");
    }

    /** Starts listening; {@code port} 0 picks a free port, see {@link #port()}. */
    DemoServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    /** The port the server listens on. */
    int port() {
        return app.port();
    }

    /** Requests answered with a 5xx so far: for the tests, which expect none. */
    long serverErrors() {
        return counters.serverErrors();
    }

    /** Stops gracefully: new connections are refused, requests in flight finish. Idempotent. */
    void stop() {
        if (stopped.compareAndSet(false, true)) {
            try {
                app.stop();
            } finally {
                breaker.close();
            }
        }
    }

    /**
     * {@code GET /api/health}: 200 {@code {"status":"ok","store":"up"}}, or 503 with
     * {@code "store":"down"} while the database is known to be unreachable, for a load balancer
     * or a supervisor. No key needed, and no store call: it reads the breaker's state.
     */
    private void health(Context ctx) {
        boolean up = breaker.isClosed();
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "ok" : "unavailable", "store", up ? "up" : "down"));
    }

    /**
     * In dev mode the page fetches the dev key from here, so a person can use it at once; only a
     * client on this machine gets it, and with configured keys the route does not exist.
     */
    private static void devKey(Context ctx, ApiKeys keys) {
        if (keys.devKey().isEmpty() || !AdminMetrics.isLoopback(ctx.req().getRemoteAddr())) {
            throw new ApiException(404, "NOT_FOUND", "no dev key: this server has configured API keys;"
                    + " ask its operator for yours");
        }
        ctx.json(Map.of("tenant", ApiKeys.DEV_TENANT, "key", keys.devKey().get()));
    }

    /**
     * The store's messages name the backend and its location ({@code [sqlite:/srv/data/m.db] put(...)
     * failed: ...}), which is right in a log and wrong in an answer to a client. A refusal (a 4xx)
     * goes to the client with the location replaced by {@value #STORE_NAME_FOR_CLIENTS}; a
     * storage failure's message carries what the driver and the pool said (hosts, ports, paths),
     * so the client gets {@link #storageMessage} instead, and the log one line with the whole
     * message, without a stack trace: while the database is down every request fails the same
     * way. Other server faults are logged with their stack.
     */
    private static void storeError(MemoryStoreException e, Context ctx, String storeDescription, StoreBreaker breaker) {
        int status = statusOf(e.code());
        String code = e.code().name();
        String message;
        if (e instanceof StorageException se) {
            breaker.failed(se);
            LOG.warn("{} {} failed in the store ({}): {}", ctx.method(), MemoryApi.abbreviate(ctx.path()), se.kind(),
                    e.getMessage());
            code = se.kind() == StorageException.FailureKind.UNAVAILABLE ? "STORE_UNAVAILABLE" : code;
            message = storageMessage(se.kind());
        } else {
            if (status >= 500) {
                LOG.error("{} {} failed in the store", ctx.method(), ctx.path(), e);
            } else {
                LOG.info("{} {} refused: {} {}", ctx.method(), MemoryApi.abbreviate(ctx.path()), e.code(), e.getMessage());
            }
            message = forClients(e.getMessage(), storeDescription);
        }
        error(ctx, status, code, message);
    }

    /** What a client is told of a storage failure: what it means for the request, and nothing of the server. */
    static String storageMessage(StorageException.FailureKind kind) {
        return switch (kind) {
            case UNAVAILABLE -> StoreBreaker.unavailable().getMessage();
            case RETRYABLE -> "the database was busy and nothing was done; retry in a moment";
            case UNKNOWN_OUTCOME -> "the connection to the database was lost during the request, so it may or may"
                    + " not have been done; read before retrying, or retry with the same Idempotency-Key";
            case PERMANENT -> "the database failed and nothing was done; the error is in the server's log";
        };
    }

    /** {@code message} without the store's description (its file path or host). */
    static String forClients(String message, String storeDescription) {
        if (message == null) {
            return "the store refused the request";
        }
        return storeDescription.isEmpty() ? message : message.replace(storeDescription, STORE_NAME_FOR_CLIENTS);
    }

    /** The HTTP status of each store error: the client's fault is a 4xx, the server's a 5xx. */
    static int statusOf(ErrorCode code) {
        return switch (code) {
            case INVALID_IDENTIFIER, INVALID_ARGUMENT, INVALID_VECTOR, DIMENSION_MISMATCH, INVALID_METADATA,
                    LIMIT_EXCEEDED, INVALID_FILTER, INVALID_CURSOR, EMBEDDING_REQUIRED -> 400;
            case CONTENT_TOO_LARGE -> 413;
            case NOT_FOUND -> 404;
            case VERSION_CONFLICT, ALREADY_EXISTS, NEAR_DUPLICATE -> 409;
            case OVERLOADED, STORE_CLOSED, STORAGE_TRANSIENT -> 503;
            case NO_EMBEDDER, EMBEDDER_FAILED, RANKER_FAILED, STORAGE_FAILURE, NO_BACKEND, INVALID_CONFIG -> 500;
        };
    }

    /** The demo's own refusals; a 503 (the database is known to be down) gets one log line, as a failure should. */
    private static void apiError(ApiException e, Context ctx) {
        if (e.status() >= 500) {
            LOG.warn("{} {} refused: {}", ctx.method(), MemoryApi.abbreviate(ctx.path()), e.code());
        }
        error(ctx, e.status(), e.code(), e.getMessage());
    }

    /** Javalin's own refusals (no such route, wrong method, body over the limit) in our error format. */
    private static void httpError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            default -> HttpStatus.forStatus(status).name();
        };
        String message = switch (status) {
            case 404 -> "no such endpoint: " + ctx.method() + " " + MemoryApi.abbreviate(ctx.path());
            case 413 -> "the request body is larger than " + MAX_REQUEST_BYTES + " bytes";
            default -> e.getMessage();
        };
        error(ctx, status, code, message);
    }

    /** A real bug: logged here with its stack, answered with a generic message and no detail. */
    private static void bug(Exception e, Context ctx) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "INTERNAL_ERROR", "the server failed; the error is in its log");
    }

    private static void error(Context ctx, int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        ctx.status(status).json(Map.of("error", error));
    }
}
