package dev.agentmemory.demo;

import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe: share one instance. The namespaces each tenant has stored notes in, for the
 * page's namespace list: the library has no call that lists a tenant's namespaces yet.
 *
 * <p>The names are kept in the store itself, one record per name in the reserved namespace
 * {@value #NAMES} of the tenant, so they survive restarts and are the same for every demo
 * process on one database. The record's content is the name, and the store's exact
 * deduplication makes writing it twice a no-op; the set of names already written by this
 * process saves the write after the first note.
 */
final class NamespaceRegistry {

    /** The reserved namespace the names are kept in. */
    static final String NAMES = "demo.namespaces";

    /** Records are never searched: one dimension, and no embedder run. */
    private static final float[] NO_EMBEDDING = {1f};

    private static final int PAGE = 100;

    private final MemoryStore store;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    NamespaceRegistry(MemoryStore store) {
        this.store = store;
    }

    /** Remembers that {@code tenant} stored a note in {@code namespace}. */
    void used(String tenant, String namespace) {
        if (written.add(tenant + '/' + namespace)) {
            try {
                store.namespace(tenant, NAMES).put(MemoryDraft.of(namespace).embedding(NO_EMBEDDING));
            } catch (RuntimeException e) {
                written.remove(tenant + '/' + namespace); // try again with the next note
                throw e;
            }
        }
    }

    /** The namespaces {@code tenant} has stored notes in, in the order it first did, at most {@code max}. */
    List<String> names(String tenant, int max) {
        List<String> names = new ArrayList<>();
        ListQuery query = ListQuery.first(PAGE);
        while (names.size() < max) {
            Page<Memory> page = store.namespace(tenant, NAMES).list(query);
            page.items().forEach(m -> names.add(m.content()));
            if (page.nextCursor().isEmpty()) {
                break;
            }
            query = query.after(page.nextCursor().get());
        }
        return names.size() > max ? names.subList(0, max) : names;
    }
}
