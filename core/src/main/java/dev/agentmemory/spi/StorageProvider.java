package dev.agentmemory.spi;

import dev.agentmemory.StoreConfig;
import java.util.List;

/**
 * Thread-safe: share one instance. A storage backend, found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations need a public no-argument constructor and must be cheap to construct:
 * discovery instantiates every provider on the classpath.
 */
public interface StorageProvider {

    /** The backend's short name, for example {@code sqlite}; what {@code agentmemory.backend} selects. */
    String name();

    /** The Maven coordinates that bring this backend, named in discovery errors. */
    String artifact();

    /** The URI forms this backend accepts, for error messages, for example {@code sqlite:path}. */
    List<String> uriForms();

    /** True if this backend can open {@code uri}. Must not touch the database. */
    boolean accepts(String uri);

    /**
     * Opens an engine: creates or migrates the schema and prepares the pools.
     *
     * @throws dev.agentmemory.StorageException if the database cannot be opened
     * @throws dev.agentmemory.MemoryStoreException with {@link dev.agentmemory.ErrorCode#INVALID_CONFIG}
     *     if a setting is invalid
     */
    StorageEngine open(StoreConfig config);
}
