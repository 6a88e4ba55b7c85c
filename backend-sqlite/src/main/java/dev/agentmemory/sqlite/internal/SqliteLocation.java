package dev.agentmemory.sqlite.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Immutable and thread-safe: where a SQLite store lives, parsed from its URI.
 *
 * @param describe {@code sqlite:<path as given>} or {@code sqlite::memory:}
 * @param path the database file as given, or null for an in-memory store
 */
public record SqliteLocation(String describe, String path) {
    private static final String[] PREFIXES = {"jdbc:sqlite:", "sqlite:"};
    private static final String MEMORY = ":memory:";

    /** True for {@code sqlite::memory:}. */
    public boolean inMemory() {
        return path == null;
    }

    /**
     * Parses a URI: {@code sqlite:path}, {@code sqlite::memory:}, {@code jdbc:sqlite:path} or
     * {@code jdbc:sqlite::memory:}.
     *
     * @return empty if the URI is not a SQLite URI at all
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if it is one but the
     *     path is unusable
     */
    public static Optional<SqliteLocation> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        for (String prefix : PREFIXES) {
            if (uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return Optional.of(of(uri, uri.substring(prefix.length())));
            }
        }
        return Optional.empty();
    }

    private static SqliteLocation of(String uri, String path) {
        if (path.equals(MEMORY)) {
            return new SqliteLocation("sqlite::memory:", null);
        }
        if (path.isBlank()) {
            throw invalid(uri, "the path is empty; use sqlite:./data/memories.db or sqlite::memory:");
        }
        if (path.startsWith("file:") || path.contains("?") || path.startsWith(":")) {
            throw invalid(uri, "URI file names, query parameters and special names are not supported; give a"
                    + " plain file path (settings go in StoreConfig properties) or sqlite::memory:");
        }
        try {
            Path.of(path);
        } catch (InvalidPathException e) {
            throw invalid(uri, "the path is not valid on this system: " + e.getMessage());
        }
        return new SqliteLocation("sqlite:" + path, path);
    }

    private static MemoryStoreException invalid(String uri, String why) {
        return new MemoryStoreException(ErrorCode.INVALID_CONFIG, "cannot open '" + uri + "': " + why);
    }
}
