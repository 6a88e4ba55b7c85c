package dev.agentmemory.internal;

import dev.agentmemory.MemoryId;
import dev.agentmemory.spi.StorageEngine;
import java.util.List;

/**
 * Thread-safe: share one instance per store. Erasure: a memory, a namespace or a tenant removed
 * with everything that records it (history, tombstones, links, conversations, the namespace row).
 *
 * <p>Resumable rather than atomic: a namespace is erased {@value #MEMORY_BATCH} memories to a
 * transaction and a conversation {@value #MESSAGE_BATCH} messages to one, so a large tenant never
 * holds the writer (on SQLite the one connection every writer of the database waits for) for the
 * whole erasure. Every step is idempotent: an erasure that fails halfway (a crash, the database
 * gone after the retries) left part of the data, and running it again removes the rest. Readers
 * may see a namespace partly erased meanwhile.
 *
 * <p>Search indexes, here and in other store instances on the same database, learn of it through
 * the namespace's incarnation, which every step changes (see {@link dev.agentmemory.spi.FeedPosition}).
 */
final class Erasure {
    /** Memories erased per transaction. */
    static final int MEMORY_BATCH = 500;
    /** Messages erased per transaction. */
    static final int MESSAGE_BATCH = 2_000;
    /** Names read per listing. */
    private static final int NAME_PAGE = 200;
    /** What a batch step returns once the namespace row is gone. */
    private static final int DONE = -1;

    private final StorageEngine engine;

    Erasure(StorageEngine engine) {
        this.engine = engine;
    }

    /** Erases one memory of the namespace, in one transaction; true if it left any trace. */
    boolean memory(String tenant, String namespace, MemoryId id) {
        return engine.write(s -> s.erase(tenant, namespace, List.of(id))) > 0;
    }

    /**
     * Erases the namespace batch by batch, then its row.
     *
     * @return the number of memories erased, live or deleted ones that left history or a tombstone
     */
    long namespace(String tenant, String namespace) {
        long erased = 0;
        while (true) {
            int step = engine.write(s -> {
                List<MemoryId> ids = s.traces(tenant, namespace, MEMORY_BATCH);
                if (!ids.isEmpty()) {
                    return s.erase(tenant, namespace, ids);
                }
                // Nothing left: drop the row, unless a write came in since the last batch.
                return s.dropNamespace(tenant, namespace) ? DONE : 0;
            });
            if (step == DONE) {
                return erased;
            }
            erased += step;
        }
    }

    /**
     * Erases every namespace and conversation of the tenant, then sweeps every table for rows of
     * the tenant that are left (those that arrived during the erasure included).
     *
     * @return the number of memories erased
     */
    long tenant(String tenant) {
        long erased = 0;
        String after = null;
        List<String> names;
        do {
            String from = after;
            names = engine.read(s -> s.namespaces(tenant, from, NAME_PAGE));
            for (String namespace : names) {
                erased += namespace(tenant, namespace);
                after = namespace;
            }
        } while (names.size() == NAME_PAGE);
        after = null;
        do {
            String from = after;
            names = engine.read(s -> s.sessions(tenant, from, NAME_PAGE));
            for (String session : names) {
                while (engine.write(s -> s.eraseMessages(tenant, session, MESSAGE_BATCH)) > 0) {
                    // next batch
                }
                after = session;
            }
        } while (names.size() == NAME_PAGE);
        engine.write(s -> s.eraseTenantRows(tenant));
        return erased;
    }
}
