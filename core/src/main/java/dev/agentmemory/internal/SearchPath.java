package dev.agentmemory.internal;

import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Search;
import dev.agentmemory.StoreStats;
import dev.agentmemory.index.IndexSettings;
import dev.agentmemory.index.NamespaceIndex;
import dev.agentmemory.index.ScanPool;
import dev.agentmemory.index.StreamedScan;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.ReadWork;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StoredMemory;
import dev.agentmemory.spi.WriteSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Thread-safe: share one instance per store. The storage part of every search: the
 * per-namespace indexes (an {@link IndexCache} bounded in bytes), each brought up to date
 * through the change feed before it is scanned, the read of the best candidates' memories, the
 * streamed search of a namespace too large for the budget, and the fan-out of a search over
 * several namespaces. A search of one namespace is the same path with one namespace, run on the
 * caller's thread.
 */
final class SearchPath implements AutoCloseable {
    /** Candidate reads of at most this many ids go through {@link StorageEngine#readSingleStatement}. */
    private static final int SINGLE_STATEMENT_IDS = 100;

    private final StorageEngine engine;
    private final ChangeFeed changes;
    private final LinkOperations links;
    private final ScanPool scanPool;
    private final SearchExecutor executor;
    private final IndexCache indexes;

    SearchPath(StorageEngine engine, LinkOperations links, IndexSettings settings, int searchThreads,
            int scanThreads, long indexBudget) {
        this.engine = engine;
        this.changes = new EngineChangeFeed(engine);
        this.links = links;
        this.scanPool = new ScanPool(scanThreads, engine.describe());
        this.executor = new SearchExecutor(searchThreads, engine.describe());
        this.indexes = new IndexCache(engine.describe(), settings, scanPool, indexBudget);
    }

    /**
     * The top-k over the namespaces, merged by score (ties by id); the search is resolved and
     * validated, and the namespaces are distinct valid names.
     *
     * @param writeEpoch this store's count of finished writes, for a bounded-staleness search
     */
    List<Match> search(String tenant, List<String> namespaces, Search search, long nowMicros, long writeEpoch) {
        Set<MemoryId> among = among(tenant, search);
        List<Match> all = merged(namespaces, ns -> searchOne(tenant, ns, search, among, nowMicros, writeEpoch));
        return all.size() > search.topK() ? List.copyOf(all.subList(0, search.topK())) : all;
    }

    /**
     * Every namespace's matches by {@code perNamespace}, run in parallel on the search executor
     * when there are several (on the caller's thread for one), merged best first (ties by id).
     */
    List<Match> merged(List<String> namespaces, Function<String, List<Match>> perNamespace) {
        if (namespaces.size() == 1) {
            return perNamespace.apply(namespaces.get(0));
        }
        List<Future<List<Match>>> futures = new ArrayList<>(namespaces.size());
        for (String ns : namespaces) {
            futures.add(executor.submit(() -> perNamespace.apply(ns)));
        }
        List<Match> all = new ArrayList<>();
        for (Future<List<Match>> f : futures) {
            all.addAll(join(f));
        }
        all.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.memory().id()));
        return all;
    }

    /** The distinct namespaces, in first-seen order. */
    static List<String> distinct(List<String> namespaces) {
        return new ArrayList<>(new LinkedHashSet<>(namespaces));
    }

    private List<Match> searchOne(String tenant, String namespace, Search search, Set<MemoryId> among, long nowMicros,
            long writeEpoch) {
        NamespaceIndex index = indexes.get(tenant, namespace);
        if (index != null && index.refresh(changes, writeEpoch)) {
            indexes.refreshed(index);
            List<Match> out = index.search(search, nowMicros, among, candidates(tenant, namespace));
            indexes.refreshed(index); // the rows it read went into its row cache: weigh it again
            return out;
        }
        return streamed(index, changes, Long.MAX_VALUE, tenant, namespace, search, among, nowMicros);
    }

    /** The search of a namespace too large for the budget ({@code index} the one that found out, or null). */
    private List<Match> streamed(NamespaceIndex index, ChangeFeed feed, long upTo, String tenant, String namespace,
            Search search, Set<MemoryId> among, long nowMicros) {
        if (index != null) {
            indexes.outgrew(index);
        }
        StreamedScan.Result r = new StreamedScan(tenant, namespace).search(feed, upTo, search, nowMicros, among);
        indexes.streamedSearch(tenant, namespace, r.streamed(), search.vector().length);
        return r.matches();
    }

    /**
     * The live memories among a search's candidates. Each candidate is checked on its own (the
     * index drops one the database no longer returns), so the read needs no snapshot across
     * statements: a lookup of a few ids, one statement in every JDBC backend (they cut {@code IN}
     * lists at 500), runs without a transaction around it.
     */
    private NamespaceIndex.RowSource candidates(String tenant, String namespace) {
        return new Rows(tenant, namespace, (ids, work) -> ids.size() <= SINGLE_STATEMENT_IDS
                ? engine.readSingleStatement(work) : engine.read(work));
    }

    /** How {@link Rows} runs a read of some ids: in a session of its own, or in one already open. */
    @FunctionalInterface
    private interface Reads {
        List<Memory> run(Collection<MemoryId> ids, ReadWork<List<Memory>> work);
    }

    /** The candidate reads of one namespace, with or without embeddings, through {@link Reads}. */
    private record Rows(String tenant, String namespace, Reads reads) implements NamespaceIndex.RowSource {
        @Override
        public List<Memory> find(Collection<MemoryId> ids) {
            return reads.run(ids, s -> memories(s.find(tenant, namespace, ids)));
        }

        @Override
        public List<Memory> findWithoutEmbeddings(Collection<MemoryId> ids) {
            return reads.run(ids, s -> memories(s.findWithoutEmbeddings(tenant, namespace, ids)));
        }
    }

    private static List<Memory> memories(List<StoredMemory> rows) {
        List<Memory> out = new ArrayList<>(rows.size());
        for (StoredMemory row : rows) {
            out.add(row.memory());
        }
        return out;
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
        Search nearest = Search.vector(vector).topK(1);
        NamespaceIndex index = indexes.get(tenant, namespace);
        if (index != null && index.catchUp(session, committed)) {
            indexes.refreshed(index);
            return index.search(nearest, nowMicros, null, new Rows(tenant, namespace, (ids, work) -> work.run(session)))
                    .stream()
                    .findFirst();
        }
        return streamed(index, session, committed, tenant, namespace, nearest, null, nowMicros).stream().findFirst();
    }

    /**
     * Drops the index of an erased namespace, so that its content leaves the heap now; a later
     * search loads the namespace again (erasure changed its incarnation, so an index that a search
     * in flight still holds reloads too).
     */
    void forget(String tenant, String namespace) {
        indexes.forget(tenant, namespace);
    }

    /** Drops every index of an erased tenant (see {@link #forget}). */
    void forgetTenant(String tenant) {
        indexes.forgetTenant(tenant);
    }

    /** Namespaces whose index is resident. */
    int indexedNamespaces() {
        return indexes.residentNamespaces();
    }

    /** Vectors held by the resident indexes. */
    long indexedVectors() {
        return indexes.vectors();
    }

    /** Bytes the resident indexes hold for scanning (see {@link NamespaceIndex#bytes()}). */
    long indexedBytes() {
        return indexes.bytes();
    }

    /** The index cache's figures. */
    StoreStats.IndexStats indexStats() {
        return indexes.stats();
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
