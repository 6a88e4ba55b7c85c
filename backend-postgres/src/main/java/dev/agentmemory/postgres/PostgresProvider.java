package dev.agentmemory.postgres;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.KnownBackend;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.postgres.internal.PostgresLocation;
import dev.agentmemory.postgres.internal.PostgresStorage;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageProvider;
import java.util.List;

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
public final class PostgresProvider implements StorageProvider {

    /** Creates the provider; cheap, touches nothing. */
    public PostgresProvider() {}

    @Override
    public String name() {
        return KnownBackend.POSTGRES.id();
    }

    @Override
    public String artifact() {
        return KnownBackend.POSTGRES.artifact();
    }

    @Override
    public List<String> uriForms() {
        return KnownBackend.POSTGRES.uriForms();
    }

    /** True for the URI forms above that pgjdbc can parse and that name a database. Connects to nothing. */
    @Override
    public boolean accepts(String uri) {
        try {
            return PostgresLocation.parse(uri).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Opens the store: creates the schema if absent, the pool and the tables.
     *
     * @throws dev.agentmemory.StorageException if the server cannot be reached or refuses the login
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if the URI or a property
     *     is invalid
     */
    @Override
    public StorageEngine open(StoreConfig config) {
        if (!accepts(config.uri())) {
            PostgresLocation.parse(config.uri()); // throws the precise INVALID_CONFIG for a malformed URI
            throw new MemoryStoreException(ErrorCode.INVALID_CONFIG, "the PostgreSQL backend cannot open '"
                    + PostgresLocation.redact(config.uri()) + "'; use one of " + uriForms());
        }
        return PostgresStorage.open(config).engine();
    }

    @Override
    public String toString() {
        return "PostgresProvider" + uriForms();
    }
}
