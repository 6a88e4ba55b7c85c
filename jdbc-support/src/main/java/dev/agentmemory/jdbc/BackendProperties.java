package dev.agentmemory.jdbc;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable and thread-safe: a backend's store properties, read with the same checks and the
 * same messages on every backend: an unknown name or a bad value is a
 * {@link MemoryStoreException} with {@link ErrorCode#INVALID_CONFIG} that names the store, the
 * property and what it accepts.
 */
public final class BackendProperties {
    private final String describe;
    private final Map<String, String> properties;

    private BackendProperties(String describe, Map<String, String> properties) {
        this.describe = describe;
        this.properties = Map.copyOf(properties);
    }

    /**
     * Checks that every property is one the backend understands.
     *
     * @param describe the store's description, which starts every message
     * @param backend the backend's name in messages, for example {@code SQLite}
     * @param known the property names the backend understands
     * @param hint appended to the unknown-name message, or empty
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} for an unknown name
     */
    public static BackendProperties of(String describe, Map<String, String> properties, String backend,
            Set<String> known, String hint) {
        for (String name : properties.keySet()) {
            if (!known.contains(name)) {
                throw invalid(describe, "unknown property '" + name + "'; the " + backend + " backend understands "
                        + new TreeSet<>(known) + hint);
            }
        }
        return new BackendProperties(describe, properties);
    }

    /** The raw value, or {@code fallback} if the property is not set. */
    public String text(String name, String fallback) {
        return properties.getOrDefault(name, fallback);
    }

    /** True if the property is set. */
    public boolean has(String name) {
        return properties.containsKey(name);
    }

    /**
     * A whole number in {@code [min, max]}.
     *
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if it is not one
     */
    public long number(String name, long fallback, long min, long max) {
        String text = properties.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name + " is '" + text + "'; use a whole number from " + min
                + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? " up" : " to " + max));
    }

    /** An {@link ErrorCode#INVALID_CONFIG} error about this store, to throw. */
    public MemoryStoreException invalid(String why) {
        return invalid(describe, why);
    }

    private static MemoryStoreException invalid(String describe, String why) {
        return new MemoryStoreException(ErrorCode.INVALID_CONFIG, "[" + describe + "] " + why);
    }

    /**
     * Creates the directories a database file will live in.
     *
     * @throws StorageException (permanent) if they cannot be created
     */
    public static void createParentDirectories(String describe, Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StorageException(StorageException.FailureKind.PERMANENT, "[" + describe
                    + "] cannot create the directory " + parent + " for the database: " + e, e);
        }
    }
}
