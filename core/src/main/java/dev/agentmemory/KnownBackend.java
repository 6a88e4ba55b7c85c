package dev.agentmemory;

import java.util.List;

/**
 * Immutable and thread-safe: the storage backends this project ships, each its own artifact,
 * found at run time on the classpath.
 *
 * <p>The one list of them: each backend's provider takes its name, artifact and URI forms from
 * here; {@link MemoryStores#open} names these artifacts when no backend on the classpath
 * accepts a URI; the tck's architecture rules take the backends' packages from here. A new
 * backend module adds its constant here.
 */
public enum KnownBackend {
    /** The embedded default: one SQLite file (xerial sqlite-jdbc). */
    SQLITE("sqlite", "dev.agentmemory:agent-memory-backend-sqlite", "dev.agentmemory.sqlite",
            List.of("sqlite:path", "sqlite::memory:", "jdbc:sqlite:path", "jdbc:sqlite::memory:")),
    /** Embedded H2 2.x: a file (MVStore) or in memory. */
    H2("h2", "dev.agentmemory:agent-memory-backend-h2", "dev.agentmemory.h2",
            List.of("h2:path", "h2:mem:name", "jdbc:h2:path", "jdbc:h2:file:path", "jdbc:h2:mem:name")),
    /** A PostgreSQL server (pgjdbc), shared by any number of processes. */
    POSTGRES("postgres", "dev.agentmemory:agent-memory-backend-postgres", "dev.agentmemory.postgres",
            List.of("postgresql://host:port/database", "postgres://host:port/database",
                    "jdbc:postgresql://host:port/database"));

    private final String id;
    private final String artifact;
    private final String rootPackage;
    private final List<String> uriForms;

    KnownBackend(String id, String artifact, String rootPackage, List<String> uriForms) {
        this.id = id;
        this.artifact = artifact;
        this.rootPackage = rootPackage;
        this.uriForms = uriForms;
    }

    /** The provider's name, which {@code -Dagentmemory.backend} selects, for example {@code sqlite}. */
    public String id() {
        return id;
    }

    /** The Maven coordinates to add, {@code groupId:artifactId}. */
    public String artifact() {
        return artifact;
    }

    /** The backend module's root package, for example {@code dev.agentmemory.sqlite}. */
    public String rootPackage() {
        return rootPackage;
    }

    /** The URI forms the backend accepts, for messages, for example {@code sqlite:path}. */
    public List<String> uriForms() {
        return uriForms;
    }

    /** {@code artifact (form, form, ...)}, as the no-backend message lists it. */
    public String describe() {
        return artifact + " (" + String.join(", ", uriForms) + ")";
    }
}
