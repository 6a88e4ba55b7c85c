package dev.agentmemory.h2.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Immutable and thread-safe: where an H2 store lives, parsed from its URI.
 *
 * <p>Accepted: {@code h2:path}, {@code h2:mem:name}, {@code jdbc:h2:path},
 * {@code jdbc:h2:file:path} and {@code jdbc:h2:mem:name}. A path names the database as H2 does,
 * without its {@code .mv.db} suffix; a path given with the suffix is taken without it, so
 * {@code h2:./data/m} and {@code h2:./data/m.mv.db} are the same file. Refused, with the reason:
 * server and other file-system prefixes ({@code tcp:}, {@code ssl:}, {@code nio:}, ...: this
 * backend is embedded and picks its own file system) and {@code ;SETTING=...} suffixes
 * (settings are store properties, so the durability and lock settings cannot be overridden by
 * accident).
 *
 * @param describe {@code h2:<path as given>} or {@code h2:mem:<name>}
 * @param path the database path without {@code .mv.db}, or null for an in-memory store
 * @param memoryName the in-memory database's name, or null for a file store
 */
public record H2Location(String describe, String path, String memoryName) {
    private static final String[] PREFIXES = {"jdbc:h2:", "h2:"};
    private static final String SUFFIX = ".mv.db";
    private static final Pattern MEMORY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern OTHER_PREFIX = Pattern.compile("[a-zA-Z][a-zA-Z0-9]+:.*");

    /** True for {@code h2:mem:name}. */
    public boolean inMemory() {
        return memoryName != null;
    }

    /** The database file H2 writes: the absolute path with {@code .mv.db}, {@code ~/} expanded. */
    public Path file() {
        if (inMemory()) {
            throw new IllegalStateException(describe + " is in memory and has no file");
        }
        String expanded = path.startsWith("~/") || path.startsWith("~\\")
                ? System.getProperty("user.home") + path.substring(1) : path;
        return Path.of(expanded + SUFFIX).toAbsolutePath().normalize();
    }

    /**
     * Parses a URI.
     *
     * @return empty if the URI is not an H2 URI at all
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if it is one but cannot
     *     be used
     */
    public static Optional<H2Location> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        for (String prefix : PREFIXES) {
            if (uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return Optional.of(of(uri, uri.substring(prefix.length()), prefix.startsWith("jdbc")));
            }
        }
        return Optional.empty();
    }

    private static H2Location of(String uri, String rest, boolean jdbc) {
        if (rest.contains(";")) {
            throw invalid(uri, "settings in the URL (;NAME=value) are not supported; give them as store properties"
                    + " (durability, lockTimeoutMillis, writers, readers, connectionTimeoutMillis)");
        }
        if (rest.regionMatches(true, 0, "mem:", 0, 4)) {
            String name = rest.substring(4);
            if (!MEMORY_NAME.matcher(name).matches()) {
                throw invalid(uri, "the in-memory database needs a name of 1 to 128 letters, digits, '_', '.' or '-'"
                        + " (an unnamed h2:mem: would be private to one connection); use h2:mem:memories");
            }
            return new H2Location("h2:mem:" + name, null, name);
        }
        String path = rest;
        if (jdbc && path.regionMatches(true, 0, "file:", 0, 5)) {
            path = path.substring(5);
        }
        if (path.isBlank()) {
            throw invalid(uri, "the path is empty; use h2:./data/memories or h2:mem:memories");
        }
        if (OTHER_PREFIX.matcher(path).matches() && !looksLikeWindowsDrive(path)) {
            throw invalid(uri, "'" + path.substring(0, path.indexOf(':') + 1) + "' is not supported: this backend"
                    + " runs H2 embedded on its own file system; give a file path (h2:./data/memories) or h2:mem:name");
        }
        String base = path.toLowerCase(Locale.ROOT).endsWith(SUFFIX) ? path.substring(0, path.length() - SUFFIX.length())
                : path;
        if (base.isBlank() || base.endsWith("/") || base.endsWith("\\")) {
            throw invalid(uri, "the path names a directory, not a database; use h2:./data/memories");
        }
        try {
            Path.of(base);
        } catch (InvalidPathException e) {
            throw invalid(uri, "the path is not valid on this system: " + e.getMessage());
        }
        return new H2Location("h2:" + path, base, null);
    }

    private static boolean looksLikeWindowsDrive(String path) {
        return path.length() >= 2 && path.charAt(1) == ':' && Character.isLetter(path.charAt(0));
    }

    private static MemoryStoreException invalid(String uri, String why) {
        return new MemoryStoreException(ErrorCode.INVALID_CONFIG, "cannot open '" + uri + "': " + why);
    }
}
