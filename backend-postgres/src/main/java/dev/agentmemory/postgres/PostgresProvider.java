package dev.agentmemory.postgres;

import dev.agentmemory.KnownBackend;
import dev.agentmemory.jdbc.JdbcProvider;
import dev.agentmemory.postgres.internal.PostgresDialect;
import dev.agentmemory.postgres.internal.PostgresLocation;
import dev.agentmemory.postgres.internal.PostgresStorage;

/**
 * Thread-safe: share one instance. The PostgreSQL backend (pgjdbc over HikariCP): one server
 * shared by any number of application instances.
 *
 * <p>URIs: {@code postgresql://[user[:password]@]host[:port]/database[?params]},
 * {@code postgres://...} (the same), and pgjdbc URLs {@code jdbc:postgresql://host:port/database}.
 * Query parameters go to pgjdbc (for example {@code sslmode=require}). The name
 * {@code agentmemory.backend} selects is {@code postgres}.
 *
 * <p>Design: one pool validated before use, pinged while idle and recycled before proxies cut
 * its sessions; failures classified by SQLState, so core retries what is safe to retry; the
 * search index in-process, kept fresh across instances by each namespace's change counter.
 * The schema is ready for Citus: every table carries {@code tenant} in every key.
 *
 * <p>Properties: {@code user}, {@code password}, {@code schema}, {@code poolSize},
 * {@code minIdle}, {@code connectionTimeoutMillis}, {@code validationTimeoutMillis},
 * {@code keepaliveTimeMillis}, {@code maxLifetimeMillis}, {@code idleTimeoutMillis},
 * {@code connectTimeoutSeconds}, {@code socketTimeoutSeconds}, {@code tcpKeepAlive},
 * {@code applicationName}; see {@code docs/backends/postgres.md} for defaults and reasons.
 */
public final class PostgresProvider extends JdbcProvider<PostgresLocation> {

    /** Creates the provider; cheap, touches nothing. */
    public PostgresProvider() {
        super(KnownBackend.POSTGRES, PostgresDialect.INSTANCE, PostgresLocation::parse,
                (location, config) -> PostgresStorage.open(location, config).engine());
    }

    /** Never shows a password given in the URI. */
    @Override
    protected String redact(String uri) {
        return PostgresLocation.redact(uri);
    }
}
