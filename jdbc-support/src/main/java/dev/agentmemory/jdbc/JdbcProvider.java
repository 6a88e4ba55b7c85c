package dev.agentmemory.jdbc;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.KnownBackend;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageProvider;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Thread-safe if the subclass is (the project's are: they keep no state): the skeleton of a JDBC
 * backend's {@link StorageProvider}. The URI is parsed once, into the backend's location type
 * {@code L}; a URI of another backend is refused with the forms this one accepts, a malformed
 * one with the reason its parser gives. A backend supplies the parser and what opens a store
 * at a parsed location; the {@code ServiceLoader} entry is its subclass with a public no-argument
 * constructor:
 *
 * <pre>{@code
 * public final class SqliteProvider extends JdbcProvider<SqliteLocation> {
 *     public SqliteProvider() {
 *         super(KnownBackend.SQLITE, SqliteDialect.INSTANCE, SqliteLocation::parse,
 *                 (location, config) -> SqliteStorage.open(location, config).engine());
 *     }
 * }
 * }</pre>
 *
 * @param <L> where a store of this backend lives, parsed from its URI
 */
public abstract class JdbcProvider<L> implements StorageProvider {
    private final String name;
    private final String artifact;
    private final List<String> uriForms;
    private final String database;
    private final Parser<L> parser;
    private final Opener<L> opener;

    /**
     * Thread-safe: a pure function. Parses a URI into where a store lives; touches no file and
     * opens no connection.
     *
     * @param <L> the backend's location type
     */
    @FunctionalInterface
    public interface Parser<L> {
        /**
         * Parses {@code uri}.
         *
         * @param uri a store URI, or null
         * @return empty if the URI is not one of this backend's at all
         * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if it is one, but
         *     cannot be used (the message says why)
         */
        Optional<L> parse(String uri);
    }

    /**
     * Thread-safe: called by any thread that opens a store. Opens the store at a parsed
     * location: its pools, its schema, whatever else it needs.
     *
     * @param <L> the backend's location type
     */
    @FunctionalInterface
    public interface Opener<L> {
        /**
         * Opens the store.
         *
         * @param location the parsed URI
         * @param config the store's configuration, whose {@code uri()} {@code location} was parsed from
         * @return the open engine, which the store owns
         * @throws dev.agentmemory.StorageException if the database cannot be opened
         * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if a property is invalid
         */
        StorageEngine open(L location, StoreConfig config);
    }

    /**
     * A provider of one of the backends this project ships.
     *
     * @param backend its name, artifact and URI forms
     * @param dialect its dialect, whose name messages use
     * @param parser parses its URIs
     * @param opener opens a store at a parsed location
     */
    protected JdbcProvider(KnownBackend backend, SqlDialect dialect, Parser<L> parser, Opener<L> opener) {
        this(backend.id(), backend.artifact(), backend.uriForms(), dialect, parser, opener);
    }

    /**
     * A provider.
     *
     * @param name the name {@code agentmemory.backend} selects
     * @param artifact the Maven coordinates of the backend, {@code groupId:artifactId}
     * @param uriForms the URI forms it accepts, for messages
     * @param dialect its dialect, whose name messages use
     * @param parser parses its URIs
     * @param opener opens a store at a parsed location
     */
    protected JdbcProvider(String name, String artifact, List<String> uriForms, SqlDialect dialect, Parser<L> parser,
            Opener<L> opener) {
        this.name = Objects.requireNonNull(name, "name");
        this.artifact = Objects.requireNonNull(artifact, "artifact");
        this.uriForms = List.copyOf(uriForms);
        this.database = dialect.name();
        this.parser = Objects.requireNonNull(parser, "parser");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** {@code uri} as messages may show it; the default shows it whole. Override to hide a password. */
    protected String redact(String uri) {
        return uri;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String artifact() {
        return artifact;
    }

    @Override
    public final List<String> uriForms() {
        return uriForms;
    }

    /** True if the parser finds a usable location in {@code uri}. Touches nothing. */
    @Override
    public final boolean accepts(String uri) {
        try {
            return parser.parse(uri).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Parses the URI once and opens the store there.
     *
     * @throws dev.agentmemory.StorageException if the database cannot be opened
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if the URI is not this
     *     backend's, is malformed, or a property is invalid
     */
    @Override
    public final StorageEngine open(StoreConfig config) {
        L location = parser.parse(config.uri()).orElseThrow(() -> new MemoryStoreException(ErrorCode.INVALID_CONFIG,
                "the " + database + " backend cannot open '" + redact(config.uri()) + "'; use one of " + uriForms));
        return opener.open(location, config);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + uriForms;
    }
}
