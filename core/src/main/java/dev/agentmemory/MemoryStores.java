package dev.agentmemory;

import dev.agentmemory.internal.BackendDiscovery;
import dev.agentmemory.internal.DefaultMemoryStore;
import dev.agentmemory.spi.StorageEngine;

/**
 * Thread-safe: static methods only. Opens stores, finding the backend with
 * {@link java.util.ServiceLoader}.
 *
 * <p>An explicit choice wins: the system property {@value #BACKEND_PROPERTY} names a
 * backend, or the URI's scheme does ({@code sqlite:}, {@code h2:}, {@code postgresql:}).
 * Otherwise the one backend that accepts the URI is used. With no backend on the classpath,
 * or none that accepts the URI, the error lists the backends found, those that failed to
 * load, and the artifact to add. A backend that fails to load is reported, never fatal.
 */
public final class MemoryStores {
    /** The system property that names the backend to use, for example {@code sqlite}. */
    public static final String BACKEND_PROPERTY = "agentmemory.backend";

    private MemoryStores() {}

    /**
     * Opens a store with default settings.
     *
     * @param uri for example {@code sqlite:./data/memories.db} or {@code sqlite::memory:}
     * @throws BackendNotFoundException if no backend on the classpath accepts {@code uri}
     * @throws StorageException if the database cannot be opened
     */
    public static MemoryStore open(String uri) {
        return open(StoreConfig.builder(uri).build());
    }

    /**
     * Opens a store.
     *
     * @throws BackendNotFoundException if no backend on the classpath accepts the URI
     * @throws StorageException if the database cannot be opened
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if a setting is invalid
     */
    public static MemoryStore open(StoreConfig config) {
        BackendDiscovery discovery = BackendDiscovery.load(Thread.currentThread().getContextClassLoader());
        StorageEngine engine = discovery.choose(config.uri(), System.getProperty(BACKEND_PROPERTY)).open(config);
        return new DefaultMemoryStore(engine, config);
    }
}
