package dev.agentmemory.sqlite.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Thread-safe: static methods only. The private database file behind {@code sqlite::memory:}.
 *
 * <p>In {@code /dev/shm} when it exists and is writable (RAM on Linux), else in
 * {@code java.io.tmpdir}; deleted, with its {@code -wal}, {@code -shm} and {@code -journal}
 * companions, when the store closes.
 */
public final class TemporaryDatabase {
    private static final String[] COMPANIONS = {"", "-wal", "-shm", "-journal"};

    private TemporaryDatabase() {}

    /** A fresh, not yet existing file path for a private database. */
    public static Path newPath() {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve("agent-memory-" + UUID.randomUUID() + ".db");
    }

    /**
     * Deletes the database file and its companions.
     *
     * @throws UncheckedIOException if a file exists and cannot be deleted
     */
    public static void delete(Path db) {
        IOException failure = null;
        for (String suffix : COMPANIONS) {
            try {
                Files.deleteIfExists(Path.of(db + suffix));
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("could not delete the temporary database " + db, failure);
        }
    }
}
