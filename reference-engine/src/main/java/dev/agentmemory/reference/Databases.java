package dev.agentmemory.reference;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Thread-safe: share one instance. The named in-memory databases of this JVM. */
final class Databases {
    private final ConcurrentMap<String, Database> byName = new ConcurrentHashMap<>();

    /** The database of that name, created empty on first use. */
    Database get(String name) {
        return byName.computeIfAbsent(name, Database::new);
    }

    /** Forgets the database of that name; true if there was one. */
    boolean drop(String name) {
        return byName.remove(name) != null;
    }
}
