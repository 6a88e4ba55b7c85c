package dev.agentmemory.reference;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StorageProvider;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Thread-safe: share one instance. The reference backend: an in-memory engine that is the
 * storage SPI's executable specification (see {@link ReferenceEngine}).
 *
 * <p>URIs: {@code reference:<name>} opens the named database of this JVM, shared by every store
 * opened with the name ({@code <name>}: letters, digits, {@code _ . -}, at most 128);
 * {@code reference:} opens a private one.
 *
 * <p>Properties: {@code lockTimeoutMillis}, how long a write waits for the write lock before it
 * fails as retryable (default 10000).
 */
public final class ReferenceProvider implements StorageProvider {
    private static final String PREFIX = "reference:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{0,128}");
    private static final long DEFAULT_LOCK_TIMEOUT_MILLIS = 10_000;

    /** Creates the provider; cheap, touches nothing. */
    public ReferenceProvider() {}

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String artifact() {
        return "dev.agentmemory:agent-memory-reference-engine";
    }

    @Override
    public List<String> uriForms() {
        return List.of("reference:<name>", "reference:");
    }

    @Override
    public boolean accepts(String uri) {
        return uri != null && uri.startsWith(PREFIX) && NAME.matcher(uri.substring(PREFIX.length())).matches();
    }

    /**
     * Opens an engine on the database the URI names.
     *
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if the URI or a property is invalid
     */
    @Override
    public StorageEngine open(StoreConfig config) {
        if (!accepts(config.uri())) {
            throw new MemoryStoreException(ErrorCode.INVALID_CONFIG, "the reference backend cannot open '"
                    + config.uri() + "'; use one of " + uriForms() + " with a name of letters, digits, '_', '.', '-'");
        }
        return ReferenceEngine.open(config.uri().substring(PREFIX.length()), config, lockTimeout(config));
    }

    private static Duration lockTimeout(StoreConfig config) {
        String value = config.property("lockTimeoutMillis").orElse(Long.toString(DEFAULT_LOCK_TIMEOUT_MILLIS));
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MemoryStoreException(ErrorCode.INVALID_CONFIG, "[" + config.uri() + "] property lockTimeoutMillis"
                + " must be a number of milliseconds, 0 or more; got '" + value + "'");
    }

    @Override
    public String toString() {
        return "ReferenceProvider" + uriForms();
    }
}
