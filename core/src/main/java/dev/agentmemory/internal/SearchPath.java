package dev.agentmemory.internal;

import dev.agentmemory.Match;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Search;
import dev.agentmemory.index.IndexSettings;
import dev.agentmemory.index.NamespaceIndex;
import dev.agentmemory.index.ScanPool;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.WriteSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Thread-safe: share one instance per store. The storage part of every search: the
 * per-namespace indexes, each brought up to date through the change feed before it is scanned,
 * and the fan-out of a search over several namespaces. A search of one namespace is the same
 * path with one namespace, run on the caller's thread.
 */
final class SearchPath implements AutoCloseable {
    private final StorageEngine engine;
    private final ChangeFeed changes;
    private final LinkOperations links;
    private final IndexSettings settings;
    private final ScanPool scanPool;
    private final SearchExecutor executor;
    private final Map<String, NamespaceIndex> indexes = new ConcurrentHashMap<>();

    SearchPath(StorageEngine engine, LinkOperations links, IndexSettings settings, int searchThreads,
            int scanThreads) {
        this.engine = engine;
        this.changes = new EngineChangeFeed(engine);
        this.links = links;
        this.settings = settings;
        this.scanPool = new ScanPool(scanThreads, engine.describe());
        this.executor = new SearchExecutor(searchThreads, engine.describe());
    }

    /**
     * The top-k over the namespaces, merged by score (ties by id); the search is resolved and
     * validated, and the namespaces are distinct valid names.
     *
     * @param writeEpoch this store's count of finished writes, for a bounded-staleness search
     */
    List<Match> search(String tenant, List<String> namespaces, Search search, long nowMicros, long writeEpoch) {
        Set<MemoryId> among = among(tenant, search);
        if (namespaces.size() == 1) {
            return searchOne(tenant, namespaces.get(0), search, among, nowMicros, writeEpoch);
        }
        List<Future<List<Match>>> futures = new ArrayList<>(namespaces.size());
        for (String ns : namespaces) {
            futures.add(executor.submit(() -> searchOne(tenant, ns, search, among, nowMicros, writeEpoch)));
        }
        List<Match> all = new ArrayList<>();
        for (Future<List<Match>> f : futures) {
            all.addAll(join(f));
        }
        all.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.memory().id()));
        return all.size() > search.topK() ? List.copyOf(all.subList(0, search.topK())) : all;
    }

    /** The distinct namespaces, in first-seen order. */
    static List<String> distinct(List<String> namespaces) {
        return new ArrayList<>(new LinkedHashSet<>(namespaces));
    }

    private List<Match> searchOne(String tenant, String namespace, Search search, Set<MemoryId> among, long nowMicros,
            long writeEpoch) {
        NamespaceIndex index = index(tenant, namespace);
        index.refresh(changes, writeEpoch);
        return index.search(search, nowMicros, among);
    }

    /** The ids a search near a memory is restricted to, or null if it is not restricted. */
    Set<MemoryId> among(String tenant, Search search) {
        if (search.near().isEmpty()) {
            return null;
        }
        Neighbourhood n = search.near().get();
        return engine.read(s -> {
            StoreOperations.find(s, tenant, null, n.center());
            return Set.copyOf(links.neighbourIds(s, tenant, n));
        });
    }

    /**
     * The live memory nearest to {@code vector} among the committed ones, from inside a write
     * transaction that holds the namespace's lock; see {@link StoreOperations.Nearest}.
     */
    Optional<Match> nearest(WriteSession session, String tenant, String namespace, float[] vector, long committed,
            long nowMicros) {
        NamespaceIndex index = index(tenant, namespace);
        index.catchUp(session, committed);
        return index.search(Search.vector(vector).topK(1), nowMicros, null).stream().findFirst();
    }

    private NamespaceIndex index(String tenant, String namespace) {
        return indexes.computeIfAbsent(tenant + '/' + namespace, k -> new NamespaceIndex(tenant, namespace, settings,
                scanPool));
    }

    /** Namespaces whose index is loaded. */
    int indexedNamespaces() {
        return indexes.size();
    }

    /** Vectors held by the loaded indexes. */
    long indexedVectors() {
        long vectors = 0;
        for (NamespaceIndex index : indexes.values()) {
            vectors += index.size();
        }
        return vectors;
    }

    /** Bytes the loaded indexes hold for scanning (see {@link NamespaceIndex#bytes()}). */
    long indexedBytes() {
        long bytes = 0;
        for (NamespaceIndex index : indexes.values()) {
            bytes += index.bytes();
        }
        return bytes;
    }

    private static <T> T join(Future<T> future) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    // Keep waiting: the task holds a connection on its own thread and must finish.
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new CompletionException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        try {
            executor.close();
            scanPool.close();
        } finally {
            indexes.clear();
        }
    }
}
