package dev.agentmemory.postgres.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.jdbc.BackendProperties;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Immutable and thread-safe: the PostgreSQL backend's settings, read from the store's
 * properties. Every value is checked before anything is opened.
 *
 * <p>The defaults suit an application server talking to a database server across a network,
 * through firewalls and load balancers that drop idle TCP sessions (often after 5 to 15
 * minutes) and a server that may be restarted:
 * <ul>
 *   <li>{@code user}, {@code password}: the login; override any in the URI. The password is
 *       never shown by {@code describe()}, {@link #toString()} or any message;
 *   <li>{@code schema}: where the tables live, a lowercase identifier; created if absent and
 *       set as pgjdbc's {@code currentSchema} on every connection. Default: the server's
 *       {@code search_path} (normally {@code public});
 *   <li>{@code poolSize}: the most connections, 2 to 1000 (a read inside a
 *       transaction callback takes a second one), default 10;
 *   <li>{@code minIdle}: connections kept open when idle, 0 to {@code poolSize}, default 2;
 *   <li>{@code connectionTimeoutMillis}: how long a call waits for a connection before it fails
 *       with a retryable error naming the pool state, at least 250, default 10000;
 *   <li>{@code validationTimeoutMillis}: the liveness check's limit (JDBC4 {@code isValid}),
 *       at least 250 and below {@code connectionTimeoutMillis}, default 3000;
 *   <li>{@code keepaliveTimeMillis}: how often an idle connection is pinged, so no idle-session
 *       timeout of a firewall or load balancer drops it unseen; 0 (off) or at least 30000,
 *       default 120000;
 *   <li>{@code maxLifetimeMillis}: connections are retired after this, below any server-side or
 *       proxy limit on a session's life (PgBouncer's {@code server_lifetime} defaults to one
 *       hour, cloud load balancers' idle timeouts range from 4 to 15 minutes), at least 30000,
 *       default 540000 (9 minutes);
 *   <li>{@code idleTimeoutMillis}: idle connections above {@code minIdle} are closed after
 *       this, 0 (never) or at least 10000, default 300000;
 *   <li>{@code connectTimeoutSeconds}: pgjdbc's TCP connect and login limit, 1 to 3600,
 *       default 5;
 *   <li>{@code socketTimeoutSeconds}: pgjdbc's limit on one read from the server, so a call
 *       never waits forever for a dead server whose TCP session was never closed; 0 (off) to
 *       3600, default 60;
 *   <li>{@code tcpKeepAlive}: operating-system keepalive probes on every connection,
 *       {@code true} (default) or {@code false};
 *   <li>{@code applicationName}: what {@code pg_stat_activity} shows, default
 *       {@code agent-memory};
 *   <li>{@code textSearchConfig}: the text-search configuration of keyword search, default
 *       {@code simple} (words lower-cased, no stemming, no stop words, right for any
 *       language); a language's configuration such as {@code english} stems words and drops its
 *       stop words. Each configuration in use has its own GIN index, built on the first open
 *       that names it.
 *   <li>{@code planCacheMode}: the server's {@code plan_cache_mode} on every pooled
 *       connection, {@code force_custom_plan} (default), {@code auto},
 *       {@code force_generic_plan}, or {@code server} to leave the server's setting alone.
 *       Custom plans because the tables are shared by tenants of very different sizes: a
 *       generic plan, made for an average tenant of a few rows, walked a 10,000-memory
 *       namespace once per memory when deleting it (171 s against 14 s in the contract test).
 * </ul>
 */
public final class PostgresSettings {
    /** The properties this backend understands. */
    public static final Set<String> NAMES = Set.of("user", "password", "schema", "poolSize", "minIdle",
            "connectionTimeoutMillis", "validationTimeoutMillis", "keepaliveTimeMillis", "maxLifetimeMillis",
            "idleTimeoutMillis", "connectTimeoutSeconds", "socketTimeoutSeconds", "tcpKeepAlive", "applicationName",
            "textSearchConfig", "planCacheMode");
    /** The text-search configuration of keyword search unless {@code textSearchConfig} says otherwise. */
    static final String DEFAULT_TEXT_SEARCH = "simple";
    /** What a text-search configuration name must look like: it is written into SQL, never bound. */
    static final Pattern TEXT_SEARCH = Pattern.compile("[a-z_][a-z0-9_]{0,40}");
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String user;
    private final String password;
    private final String schema;
    private final int poolSize;
    private final int minIdle;
    private final long connectionTimeoutMillis;
    private final long validationTimeoutMillis;
    private final long keepaliveTimeMillis;
    private final long maxLifetimeMillis;
    private final long idleTimeoutMillis;
    private final int connectTimeoutSeconds;
    private final int socketTimeoutSeconds;
    private final boolean tcpKeepAlive;
    /** The {@code plan_cache_mode} to set, or null to leave the server's. */
    private final String planCacheMode;
    private final String applicationName;
    private final String textSearchConfig;

    private PostgresSettings(BackendProperties p, PostgresLocation location) {
        this.user = p.text("user", location.user());
        this.password = p.text("password", location.password());
        String s = p.text("schema", null);
        if (s != null && !SCHEMA.matcher(s).matches()) {
            throw p.invalid("schema is '" + s + "'; use a lowercase identifier matching " + SCHEMA.pattern());
        }
        this.schema = s;
        // Two at least: a read through the store inside a transaction callback borrows a second one.
        this.poolSize = (int) p.number("poolSize", 10, 2, 1000);
        this.minIdle = (int) p.number("minIdle", Math.min(2, poolSize), 0, poolSize);
        this.connectionTimeoutMillis = p.number("connectionTimeoutMillis", 10_000, 250, Integer.MAX_VALUE);
        this.validationTimeoutMillis = p.number("validationTimeoutMillis",
                Math.min(3_000, connectionTimeoutMillis - 1), 250, connectionTimeoutMillis - 1);
        this.keepaliveTimeMillis = orZero(p, "keepaliveTimeMillis", 120_000, 30_000);
        this.maxLifetimeMillis = p.number("maxLifetimeMillis", 540_000, 30_000, Integer.MAX_VALUE);
        if (keepaliveTimeMillis >= maxLifetimeMillis) {
            throw p.invalid("keepaliveTimeMillis (" + keepaliveTimeMillis + ") must be below"
                    + " maxLifetimeMillis (" + maxLifetimeMillis + "), or 0 to switch keepalive off");
        }
        this.idleTimeoutMillis = orZero(p, "idleTimeoutMillis", 300_000, 10_000);
        this.connectTimeoutSeconds = (int) p.number("connectTimeoutSeconds", 5, 1, 3600);
        this.socketTimeoutSeconds = (int) p.number("socketTimeoutSeconds", 60, 0, 3600);
        String keepAlive = p.text("tcpKeepAlive", "true").trim().toLowerCase(Locale.ROOT);
        if (!keepAlive.equals("true") && !keepAlive.equals("false")) {
            throw p.invalid("tcpKeepAlive is '" + p.text("tcpKeepAlive", "") + "'; use true or false");
        }
        this.tcpKeepAlive = keepAlive.equals("true");
        this.applicationName = p.text("applicationName", "agent-memory");
        String plans = p.text("planCacheMode", "force_custom_plan").trim().toLowerCase(Locale.ROOT);
        if (!Set.of("force_custom_plan", "auto", "force_generic_plan", "server").contains(plans)) {
            throw p.invalid("planCacheMode is '" + p.text("planCacheMode", "") + "'; use force_custom_plan (the"
                    + " default), auto, force_generic_plan, or server to keep the server's setting");
        }
        this.planCacheMode = plans.equals("server") ? null : plans;
        this.textSearchConfig = p.text("textSearchConfig", DEFAULT_TEXT_SEARCH);
        if (!TEXT_SEARCH.matcher(textSearchConfig).matches()) {
            throw p.invalid("textSearchConfig is '" + textSearchConfig + "'; use the name of a PostgreSQL text-search"
                    + " configuration such as simple or english (a lowercase identifier matching "
                    + TEXT_SEARCH.pattern() + ")");
        }
    }

    /** The text-search configuration keyword search runs in, for example {@code simple} or {@code english}. */
    public String textSearchConfig() {
        return textSearchConfig;
    }

    /**
     * Reads the settings.
     *
     * @param describe the store's description, for messages
     * @param properties the store's properties
     * @param location the parsed URI, whose user and password the properties override
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} for an unknown name or
     *     a bad value
     */
    public static PostgresSettings from(String describe, Map<String, String> properties, PostgresLocation location) {
        return new PostgresSettings(BackendProperties.of(describe, properties, "PostgreSQL", NAMES,
                " (driver parameters such as sslmode go in the URI's query)"), location);
    }

    /** The login user, or null for pgjdbc's default (the operating-system user). */
    public String user() {
        return user;
    }

    /** The password, or null. Never logged, never in a message. */
    String password() {
        return password;
    }

    /** The schema, or null for the server's {@code search_path}. */
    public String schema() {
        return schema;
    }

    /** The most pooled connections. */
    public int poolSize() {
        return poolSize;
    }

    /** Connections kept open when idle. */
    public int minIdle() {
        return minIdle;
    }

    /** How long a call waits for a connection. */
    public long connectionTimeoutMillis() {
        return connectionTimeoutMillis;
    }

    /** The liveness check's limit. */
    public long validationTimeoutMillis() {
        return validationTimeoutMillis;
    }

    /** How often an idle connection is pinged; 0 for never. */
    public long keepaliveTimeMillis() {
        return keepaliveTimeMillis;
    }

    /** The longest life of a connection. */
    public long maxLifetimeMillis() {
        return maxLifetimeMillis;
    }

    /** When idle connections above {@link #minIdle()} are closed; 0 for never. */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /** pgjdbc's connect timeout. */
    public int connectTimeoutSeconds() {
        return connectTimeoutSeconds;
    }

    /** pgjdbc's socket read timeout; 0 for none. */
    public int socketTimeoutSeconds() {
        return socketTimeoutSeconds;
    }

    /** Whether TCP keepalive is on. */
    public boolean tcpKeepAlive() {
        return tcpKeepAlive;
    }

    /** The {@code plan_cache_mode} every pooled connection sets, or empty to keep the server's. */
    public Optional<String> planCacheMode() {
        return Optional.ofNullable(planCacheMode);
    }

    /** The application name the server shows. */
    public String applicationName() {
        return applicationName;
    }

    private static long orZero(BackendProperties p, String name, long fallback, long min) {
        if ("0".equals(p.text(name, "").trim())) {
            return 0;
        }
        return p.number(name, fallback, min, Integer.MAX_VALUE);
    }

    /** Every setting but the password. */
    @Override
    public String toString() {
        return "PostgresSettings{user=" + user + ", password=" + (password == null ? "none" : "***") + ", schema="
                + schema + ", poolSize=" + poolSize + ", minIdle=" + minIdle + ", connectionTimeoutMillis="
                + connectionTimeoutMillis + ", keepaliveTimeMillis=" + keepaliveTimeMillis + ", maxLifetimeMillis="
                + maxLifetimeMillis + ", socketTimeoutSeconds=" + socketTimeoutSeconds + "}";
    }
}
