package dev.agentmemory.internal;

import dev.agentmemory.AsyncMemoryStore;
import dev.agentmemory.Conversation;
import dev.agentmemory.Embedder;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Neighbourhood;
import dev.agentmemory.Search;
import dev.agentmemory.StoreClosedException;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import dev.agentmemory.TransactionCallback;
import dev.agentmemory.index.FilterEvaluator;
import dev.agentmemory.index.IndexSettings;
import dev.agentmemory.index.NamespaceIndex;
import dev.agentmemory.index.ScanPool;
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
import java.util.function.Supplier;

/**
 * Thread-safe: share one instance. The store: validation, the call gate, retries, statistics
 * and the search indexes, over one {@link StorageEngine}.
 */
public final class DefaultMemoryStore implements MemoryStore {
    /** Expired memories purged per transaction. */
    private static final int PURGE_BATCH = 500;

    private final StorageEngine engine;
    private final EngineChangeFeed changes;
    private final StoreConfig config;
    private final String description;
    private final Validator validator;
    private final StoreOperations ops;
    private final LinkOperations links;
    private final PutCombiner puts;
    private final Embedder embedder;
    private final OperationRecorder recorder = new OperationRecorder();
    private final Retrier retrier;
    private final CallGate gate = new CallGate();
    private final SearchExecutor searchExecutor;
    private final ScanPool scanPool;
    private final IndexSettings indexSettings;
    /** Writes finished through this store; a bounded-staleness search re-checks after any. */
    private final java.util.concurrent.atomic.AtomicLong writeEpoch = new java.util.concurrent.atomic.AtomicLong();
    private static final Set<String> READ_OPS = Set.of("get", "getAll", "search", "count", "size", "list", "history",
            "links", "neighbours", "last", "stats");
    private final Map<String, NamespaceIndex> indexes = new ConcurrentHashMap<>();
    private final DefaultAsyncMemoryStore async;
    private final ExpiryPurger purger;
    /** Set while this thread runs a transaction callback of this store; holds no connection. */
    private final ThreadLocal<Boolean> inCallback = new ThreadLocal<>();

    /** Creates the store over an open engine, which it owns from now on. */
    public DefaultMemoryStore(StorageEngine engine, StoreConfig config) {
        this.engine = engine;
        this.changes = new EngineChangeFeed(engine);
        this.config = config;
        this.description = engine.describe();
        this.validator = new Validator(config.limits());
        this.ops = new StoreOperations(config.clock(), config.historyVersions());
        this.links = new LinkOperations(ops);
        this.puts = new PutCombiner(engine, ops);
        this.embedder = config.embedder().orElse(null);
        this.retrier = new Retrier(config, recorder);
        this.searchExecutor = new SearchExecutor(config.searchThreads(), description);
        this.scanPool = new ScanPool(config.scanThreads(), description);
        this.indexSettings = IndexSettings.of(config);
        this.async = new DefaultAsyncMemoryStore(this, config.asyncThreads(), config.asyncQueueCapacity());
        this.purger = ExpiryPurger.start(this, config.purgeInterval());
    }

    StorageEngine engine() {
        return engine;
    }

    Validator validator() {
        return validator;
    }

    StoreOperations ops() {
        return ops;
    }

    LinkOperations links() {
        return links;
    }

    /** Single puts, written in groups when they arrive together. */
    PutCombiner puts() {
        return puts;
    }

    /** The draft with an embedding of its content if it has none and there is an embedder. */
    MemoryDraft embedded(MemoryDraft draft) {
        if (draft == null || draft.hasEmbedding() || embedder == null) {
            return draft;
        }
        validator.content(draft.content());
        return draft.embedding(embed(List.of(draft.content())).get(0));
    }

    /** The drafts, those without an embedding embedded in one batch. */
    List<MemoryDraft> embedded(List<MemoryDraft> drafts) {
        if (drafts == null || embedder == null) {
            return drafts == null ? null : List.copyOf(drafts);
        }
        validator.batchSize(drafts.size());
        List<String> texts = new ArrayList<>();
        for (MemoryDraft d : drafts) {
            if (d != null && !d.hasEmbedding()) {
                validator.content(d.content());
                texts.add(d.content());
            }
        }
        if (texts.isEmpty()) {
            return List.copyOf(drafts);
        }
        List<float[]> vectors = embed(texts);
        List<MemoryDraft> out = new ArrayList<>(drafts.size());
        int next = 0;
        for (MemoryDraft d : drafts) {
            out.add(d == null || d.hasEmbedding() ? d : d.embedding(vectors.get(next++)));
        }
        return out;
    }

    private List<float[]> embed(List<String> texts) {
        List<float[]> vectors;
        try {
            vectors = embedder.embedAll(texts);
        } catch (RuntimeException e) {
            throw new MemoryStoreException(ErrorCode.INVALID_ARGUMENT, "the embedder " + embedder.name()
                    + " failed: " + e.getMessage(), e);
        }
        if (vectors == null || vectors.size() != texts.size()) {
            throw new IllegalStateException("the embedder " + embedder.name() + " returned "
                    + (vectors == null ? "null" : vectors.size() + " vectors") + " for " + texts.size() + " texts");
        }
        return vectors;
    }

    /** The search with its text embedded, if it is a text search. */
    Search resolve(Search search) {
        if (search == null || search.hasVector() || search.text().isEmpty() || embedder == null) {
            return search;
        }
        validator.searchText(search.text().get());
        return search.withVector(embed(List.of(search.text().get())).get(0));
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

    /** How writes to a namespace with {@code options} deduplicate. */
    StoreOperations.WritePolicy writePolicy(String tenant, String namespace, NamespaceOptions options) {
        return new StoreOperations.WritePolicy(options, options.nearDuplicatePolicy().isEmpty() ? null
                : (session, vector, committed) -> nearest(session, tenant, namespace, vector, committed));
    }

    /** The live memory nearest to {@code vector} among the committed ones; see {@link StoreOperations.Nearest}. */
    Optional<Match> nearest(WriteSession session, String tenant, String namespace, float[] vector, long committed) {
        NamespaceIndex index = index(tenant, namespace);
        index.catchUp(session, committed);
        return index.search(Search.vector(vector).topK(1), nowMicros(), null).stream().findFirst();
    }

    private long nowMicros() {
        return FilterEvaluator.micros(ops.now());
    }

    /**
     * Runs one public operation: through the gate, with retries, counted, and with the store
     * and operation named in any error.
     *
     * @param target what the operation works on, for example {@code alice/personal}
     */
    <T> T call(String op, String target, Retrier.Mode retry, Supplier<T> work) {
        String context = "[" + description + "] " + op + "(" + target + ") failed: ";
        if (!gate.enter()) {
            throw new StoreClosedException(context + "the store is closed; open a new store to continue");
        }
        long start = System.nanoTime();
        boolean failed = true;
        try {
            T result = retrier.run(op, retry, work);
            failed = false;
            return result;
        } catch (MemoryStoreException e) {
            throw e.withContext(context);
        } finally {
            if (!READ_OPS.contains(op)) {
                writeEpoch.incrementAndGet(); // failed ones too: a write may commit and still report failure
            }
            recorder.record(op, System.nanoTime() - start, failed);
            gate.exit();
        }
    }

    /**
     * Refuses a write made through the store while the same thread runs a transaction
     * callback: it would wait for the write lock (the SQLite writer connection, a server's row
     * lock) that the transaction itself holds, until the pool timeout.
     *
     * @throws IllegalStateException if the calling thread is inside a transaction callback
     */
    void checkNotInTransaction(String op, String target) {
        if (Boolean.TRUE.equals(inCallback.get())) {
            throw new IllegalStateException("[" + description + "] " + op + "(" + target + ") was called inside an"
                    + " inTransaction callback on the same thread; it would wait for the write lock the transaction"
                    + " holds. Use the Transaction's methods inside the callback");
        }
    }

    NamespaceIndex index(String tenant, String namespace) {
        return indexes.computeIfAbsent(tenant + '/' + namespace, k -> new NamespaceIndex(tenant, namespace, indexSettings,
                scanPool));
    }

    /**
     * Refreshes a namespace's index and searches it; the caller validated the search.
     *
     * @param among only these memories, or null for all
     */
    List<Match> searchOne(String tenant, String namespace, Search search, Set<MemoryId> among) {
        NamespaceIndex index = index(tenant, namespace);
        index.refresh(changes, writeEpoch.get());
        return index.search(search, nowMicros(), among);
    }

    @Override
    public Namespace namespace(String tenant, String namespace) {
        return namespace(tenant, namespace, NamespaceOptions.defaults());
    }

    @Override
    public Conversation conversation(String tenant, String sessionId) {
        String context = "[" + description + "] conversation(" + tenant + "/" + sessionId + ") failed: ";
        if (gate.isClosed()) {
            throw new StoreClosedException(context + "the store is closed; open a new store to continue");
        }
        try {
            validator.identifier("tenant", tenant);
            validator.identifier("session id", sessionId);
        } catch (MemoryStoreException e) {
            throw e.withContext(context);
        }
        return new DefaultConversation(this, tenant, sessionId);
    }

    @Override
    public AsyncMemoryStore async() {
        if (gate.isClosed()) {
            throw new StoreClosedException("[" + description + "] async() failed: the store is closed; open a new"
                    + " store to continue");
        }
        return async;
    }

    @Override
    public long purgeExpired() {
        return call("purgeExpired", "store", Retrier.Mode.IDEMPOTENT, () -> {
            long total = 0;
            int purged;
            do {
                purged = engine.write(s -> ops.purgeExpired(s, PURGE_BATCH));
                total += purged;
            } while (purged == PURGE_BATCH);
            return total;
        });
    }

    @Override
    public Namespace namespace(String tenant, String namespace, NamespaceOptions options) {
        String context = "[" + description + "] namespace(" + tenant + "/" + namespace + ") failed: ";
        if (gate.isClosed()) {
            throw new StoreClosedException(context + "the store is closed; open a new store to continue");
        }
        try {
            validator.identifier("tenant", tenant);
            validator.identifier("namespace", namespace);
            if (options == null) {
                throw new dev.agentmemory.ValidationException(ErrorCode.INVALID_ARGUMENT, "options is null; use"
                        + " NamespaceOptions.defaults()");
            }
        } catch (MemoryStoreException e) {
            throw e.withContext(context);
        }
        return new DefaultNamespace(this, tenant, namespace, options);
    }

    @Override
    public List<Match> search(String tenant, List<String> namespaces, Search search) {
        return call("search", tenant + "/" + namespaces, Retrier.Mode.IDEMPOTENT, () -> {
            validator.identifier("tenant", tenant);
            if (namespaces == null || namespaces.isEmpty()) {
                throw new dev.agentmemory.ValidationException(dev.agentmemory.ErrorCode.INVALID_ARGUMENT,
                        "no namespaces given; name at least one");
            }
            for (String ns : namespaces) {
                validator.identifier("namespace", ns);
            }
            Search resolved = resolve(search);
            validator.search(resolved);
            Set<MemoryId> among = among(tenant, resolved);
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(namespaces));
            if (distinct.size() == 1) {
                return searchOne(tenant, distinct.get(0), resolved, among);
            }
            List<Future<List<Match>>> futures = new ArrayList<>(distinct.size());
            for (String ns : distinct) {
                futures.add(searchExecutor.submit(() -> searchOne(tenant, ns, resolved, among)));
            }
            List<Match> all = new ArrayList<>();
            for (Future<List<Match>> f : futures) {
                all.addAll(join(f));
            }
            all.sort(Comparator.comparingDouble(Match::score).reversed()
                    .thenComparing(m -> m.memory().id()));
            return all.size() > resolved.topK() ? List.copyOf(all.subList(0, resolved.topK())) : all;
        });
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
    public <T> T inTransaction(String tenant, TransactionCallback<T> work) {
        checkNotInTransaction("inTransaction", tenant);
        return call("inTransaction", tenant, Retrier.Mode.NONE, () -> {
            validator.identifier("tenant", tenant);
            if (work == null) {
                throw new dev.agentmemory.ValidationException(dev.agentmemory.ErrorCode.INVALID_ARGUMENT,
                        "transaction callback is null");
            }
            return engine.write(session -> {
                ConfinedTransaction tx = new ConfinedTransaction(tenant, session, ops, links, validator, this);
                inCallback.set(Boolean.TRUE);
                try {
                    return work.run(tx);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                } finally {
                    inCallback.remove();
                    tx.end();
                }
            });
        });
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public StoreStats stats() {
        return call("stats", "store", Retrier.Mode.IDEMPOTENT, () -> {
            long vectors = 0;
            for (NamespaceIndex index : indexes.values()) {
                vectors += index.size();
            }
            return new StoreStats(description, engine.pools(), recorder.snapshot(), indexes.size(), vectors,
                    puts.groupedPuts());
        });
    }

    @Override
    public boolean isClosed() {
        return gate.isClosed();
    }

    @Override
    public void close() {
        if (gate.isClosed()) {
            return;
        }
        // Stop feeding new work first: queued async tasks would only fail on the closed gate.
        purger.close();
        async.close(config.closeTimeout());
        if (gate.close(config.closeTimeout())) {
            try {
                searchExecutor.close();
                scanPool.close();
            } finally {
                engine.close();
                indexes.clear();
            }
        }
    }

    @Override
    public String toString() {
        return "MemoryStore[" + description + (isClosed() ? ", closed]" : "]");
    }
}
