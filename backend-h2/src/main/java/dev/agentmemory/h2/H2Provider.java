package dev.agentmemory.h2;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.KnownBackend;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.h2.internal.H2Location;
import dev.agentmemory.h2.internal.H2Storage;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageProvider;
import java.util.List;

/**
 * Thread-safe: share one instance. The H2 backend: H2 2.x embedded, a file (MVStore) or in memory.
 *
 * <p>URIs: {@code h2:path}, {@code h2:mem:name}, {@code jdbc:h2:path}, {@code jdbc:h2:file:path},
 * {@code jdbc:h2:mem:name}. A path names the database as H2 does, without {@code .mv.db}
 * (given with it, the suffix is dropped); its parent directories are created.
 *
 * <p>Design: durable by default ({@code WRITE_DELAY=0}: no acknowledged write is lost when the
 * process is killed); file I/O through H2's {@code async:} file system, so an interrupted caller
 * thread cannot close the database file under the others; a lock timeout whose expiry is a
 * retryable error; a write pool and a read pool (MVCC: reads take no locks). One process opens a
 * file at a time: a second gets an error naming the file. {@code h2:mem:name} is shared by the
 * stores of one JVM opened on that name and dropped when the last closes.
 *
 * <p>Properties: {@code durability} ({@code durable} (default) or {@code relaxed}),
 * {@code writeDelayMillis} (with {@code relaxed}, default 500), {@code lockTimeoutMillis}
 * (default 10000), {@code writers} (default 4), {@code readers} (default 4),
 * {@code connectionTimeoutMillis} (default 30000).
 */
public final class H2Provider implements StorageProvider {

    /** Creates the provider; cheap, touches nothing. */
    public H2Provider() {}

    @Override
    public String name() {
        return KnownBackend.H2.id();
    }

    @Override
    public String artifact() {
        return KnownBackend.H2.artifact();
    }

    @Override
    public List<String> uriForms() {
        return KnownBackend.H2.uriForms();
    }

    /** True for the URI forms above with a usable path or name. Touches no file. */
    @Override
    public boolean accepts(String uri) {
        try {
            return H2Location.parse(uri).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Opens the database: creates the file's directories, the pools and the schema.
     *
     * @throws dev.agentmemory.StorageException if the database cannot be opened, for example
     *     because another process has the file open
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if the URI or a
     *     property is invalid
     */
    @Override
    public StorageEngine open(StoreConfig config) {
        if (!accepts(config.uri())) {
            H2Location.parse(config.uri()); // throws the precise INVALID_CONFIG for a malformed H2 URI
            throw new MemoryStoreException(ErrorCode.INVALID_CONFIG,
                    "the H2 backend cannot open '" + config.uri() + "'; use one of " + uriForms());
        }
        return H2Storage.open(config).engine();
    }

    @Override
    public String toString() {
        return "H2Provider" + uriForms();
    }
}
