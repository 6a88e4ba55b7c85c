package dev.agentmemory.internal;

import dev.agentmemory.AsyncMemoryStore;
import dev.agentmemory.Conversation;
import dev.agentmemory.ErrorCode;
import dev.agentmemory.Match;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.Namespace;
import dev.agentmemory.NamespaceOptions;
import dev.agentmemory.Page;
import dev.agentmemory.Search;
import dev.agentmemory.StoreCheck;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import dev.agentmemory.TransactionCallback;
import dev.agentmemory.ValidationException;
import dev.agentmemory.index.FilterEvaluator;
import dev.agentmemory.index.IndexSettings;
import dev.agentmemory.spi.StorageEngine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Thread-safe: share one instance. The store: wires the parts and is the facade over them.
 *
 * <p>Every operation runs through the {@link OperationPipeline} (gate, resolve once, storage
 * with retries, record); the {@link Resolver} embeds and validates; {@link StoreOperations}
 * and {@link LinkOperations} are the write protocol inside a transaction; {@link PutCombiner}
 * groups single puts; {@link SearchPath} holds the search indexes. The views
 * ({@link DefaultNamespace}, {@link DefaultConversation}, {@link ConfinedTransaction}) are thin:
 * each method names its operation, resolves its arguments and says what to do in storage.
 */
public final class DefaultMemoryStore implements MemoryStore {
    /** Expired memories purged per transaction. */
    private static final int PURGE_BATCH = 500;
    private static final Operation EMBEDDED = Operation.read("embedded");

    private final StorageEngine engine;
    private final StoreConfig config;
    private final String description;
    private final OperationRecorder recorder = new OperationRecorder();
    private final OperationPipeline pipeline;
    private final Resolver resolver;
    private final StoreOperations ops;
    private final LinkOperations links;
    private final PutCombiner puts;
    private final SearchPath searches;
    private final Erasure erasure;
    private final HybridSearch hybrid;
    private final DefaultAsyncMemoryStore async;
    private final ExpiryPurger purger;

    /** Creates the store over an open engine, which it owns from now on. */
    public DefaultMemoryStore(StorageEngine engine, StoreConfig config) {
        this.engine = engine;
        this.config = config;
        this.description = engine.describe();
        this.pipeline = new OperationPipeline(description, recorder, new Retrier(config, recorder));
        this.resolver = new Resolver(new Validator(config.limits()), config.embedder().orElse(null),
                engine.supportsKeywordSearch());
        this.ops = new StoreOperations(config.clock(), config.historyVersions());
        this.links = new LinkOperations(ops);
        this.puts = new PutCombiner(engine, ops);
        this.searches = new SearchPath(engine, links, IndexSettings.of(config), config.index().searchThreads(),
                config.index().scanThreads(), config.index().budgetBytes());
        this.erasure = new Erasure(engine);
        this.hybrid = new HybridSearch(searches, engine);
        this.async = new DefaultAsyncMemoryStore(this, config.async());
        this.purger = ExpiryPurger.start(this, config.purgeInterval());
    }

    StorageEngine engine() {
        return engine;
    }

    OperationPipeline pipeline() {
        return pipeline;
    }

    Resolver resolver() {
        return resolver;
    }

    Validator validator() {
        return resolver.validator();
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

    SearchPath searches() {
        return searches;
    }

    Erasure erasure() {
        return erasure;
    }

    /** Every search goes through here: it runs the search's mode over {@link #searches()}. */
    HybridSearch hybrid() {
        return hybrid;
    }

    /** The store clock's now, in epoch microseconds: what expiry is judged by. */
    long nowMicros() {
        return FilterEvaluator.micros(ops.now());
    }

    /** How writes to a namespace with {@code options} deduplicate. */
    StoreOperations.WritePolicy writePolicy(String tenant, String namespace, NamespaceOptions options) {
        return new StoreOperations.WritePolicy(options, options.nearDuplicatePolicy().isEmpty() ? null
                : (session, vector, committed) -> searches.nearest(session, tenant, namespace, vector, committed,
                        nowMicros()));
    }

    @Override
    public Namespace namespace(String tenant, String namespace) {
        return namespace(tenant, namespace, NamespaceOptions.defaults());
    }

    @Override
    public Namespace namespace(String tenant, String namespace, NamespaceOptions options) {
        String target = tenant + "/" + namespace;
        pipeline.checkOpen("namespace", target);
        try {
            validator().identifier("tenant", tenant);
            validator().identifier("namespace", namespace);
            if (options == null) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "options is null; use"
                        + " NamespaceOptions.defaults()");
            }
        } catch (MemoryStoreException e) {
            throw e.withContext(Operation.read("namespace").failurePrefix(description, target));
        }
        return new DefaultNamespace(this, tenant, namespace, options);
    }

    @Override
    public Conversation conversation(String tenant, String sessionId) {
        String target = tenant + "/" + sessionId;
        pipeline.checkOpen("conversation", target);
        try {
            validator().identifier("tenant", tenant);
            validator().identifier("session id", sessionId);
        } catch (MemoryStoreException e) {
            throw e.withContext(Operation.read("conversation").failurePrefix(description, target));
        }
        return new DefaultConversation(this, tenant, sessionId);
    }

    @Override
    public AsyncMemoryStore async() {
        pipeline.checkOpen("async", "store");
        return async;
    }

    @Override
    public long purgeExpired() {
        return pipeline.run(Operation.PURGE_EXPIRED, "store", () -> { }, () -> {
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
    public long eraseNamespace(String tenant, String namespace) {
        return pipeline.run(Operation.ERASE_NAMESPACE, tenant + "/" + namespace, () -> {
            validator().identifier("tenant", tenant);
            validator().identifier("namespace", namespace);
        }, () -> {
            try {
                return erasure.namespace(tenant, namespace);
            } finally {
                searches.forget(tenant, namespace); // what was erased leaves the heap, also if only part was
            }
        });
    }

    @Override
    public long eraseTenant(String tenant) {
        return pipeline.run(Operation.ERASE_TENANT, tenant, () -> validator().identifier("tenant", tenant), () -> {
            try {
                return erasure.tenant(tenant);
            } finally {
                searches.forgetTenant(tenant);
            }
        });
    }

    @Override
    public Page<String> namespaces(String tenant, String after, int limit) {
        return pipeline.run(Operation.NAMESPACES, tenant, () -> checkNamePage(tenant, after, limit),
                () -> namePage(engine.read(s -> s.namespaces(tenant, after, limit + 1)), limit));
    }

    @Override
    public Page<String> conversations(String tenant, String after, int limit) {
        return pipeline.run(Operation.CONVERSATIONS, tenant, () -> checkNamePage(tenant, after, limit),
                () -> namePage(engine.read(s -> s.sessions(tenant, after, limit + 1)), limit));
    }

    private void checkNamePage(String tenant, String after, int limit) {
        validator().identifier("tenant", tenant);
        if (after != null) {
            validator().identifier("after", after);
        }
        if (limit < 1 || limit > validator().limits().maxPageSize()) {
            throw new ValidationException(ErrorCode.LIMIT_EXCEEDED, "limit is " + limit + ", it must be between 1 and "
                    + validator().limits().maxPageSize());
        }
    }

    /** A page of names read with one extra, which tells whether there is a next page. */
    private static Page<String> namePage(List<String> names, int limit) {
        if (names.size() <= limit) {
            return new Page<>(names, Optional.empty());
        }
        List<String> items = names.subList(0, limit);
        return new Page<>(items, Optional.of(items.get(limit - 1)));
    }

    @Override
    public StoreCheck check() {
        return pipeline.run(Operation.CHECK, "store", () -> { }, engine::check);
    }

    @Override
    public List<Match> search(String tenant, List<String> namespaces, Search search) {
        return pipeline.run(Operation.SEARCH, tenant + "/" + namespaces, () -> {
            validator().identifier("tenant", tenant);
            if (namespaces == null || namespaces.isEmpty()) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "no namespaces given; name at least one");
            }
            for (String ns : namespaces) {
                validator().identifier("namespace", ns);
            }
            return resolver.search(search);
        }, (resolved, retry) -> hybrid.search(tenant, SearchPath.distinct(namespaces), resolved, nowMicros(),
                pipeline.writeEpoch()));
    }

    @Override
    public List<Match> search(String tenant, Map<String, Integer> topKPerNamespace, Search search) {
        String target = tenant + "/" + (topKPerNamespace == null ? "{}" : topKPerNamespace);
        return pipeline.run(Operation.SEARCH, target, () -> {
            validator().identifier("tenant", tenant);
            if (topKPerNamespace == null || topKPerNamespace.isEmpty()) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "no namespaces given; name at least one"
                        + " with its topK");
            }
            topKPerNamespace.forEach((ns, k) -> {
                validator().identifier("namespace", ns);
                if (k == null) {
                    throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "topK of namespace '" + ns
                            + "' is null; give a number");
                }
                validator().topK(k);
            });
            return resolver.search(search);
        }, (resolved, retry) -> hybrid.searchEach(tenant, topKPerNamespace, resolved, nowMicros(),
                pipeline.writeEpoch()));
    }

    @Override
    public <T> T inTransaction(String tenant, TransactionCallback<T> work) {
        return pipeline.run(Operation.IN_TRANSACTION, tenant, () -> {
            validator().identifier("tenant", tenant);
            if (work == null) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "transaction callback is null");
            }
            return work;
        }, (callback, retry) -> engine.write(session -> {
            ConfinedTransaction tx = new ConfinedTransaction(this, tenant, session);
            try {
                return pipeline.asCallback(() -> {
                    try {
                        return callback.run(tx);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
            } finally {
                tx.end();
            }
        }));
    }

    @Override
    public List<MemoryDraft> embedded(List<MemoryDraft> drafts) {
        pipeline.checkNotInCallback(EMBEDDED, "store");
        return pipeline.run(EMBEDDED, "store", () -> {
            if (drafts == null) {
                throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "drafts is null");
            }
            for (int i = 0; i < drafts.size(); i++) {
                if (drafts.get(i) == null) {
                    throw new ValidationException(ErrorCode.INVALID_ARGUMENT, "draft " + i + " is null");
                }
            }
            return List.copyOf(resolver.embedded(drafts));
        }, (resolved, retry) -> resolved);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public StoreStats stats() {
        return pipeline.run(Operation.STATS, "store", () -> { }, () -> new StoreStats(description, engine.pools(),
                recorder.snapshot(), searches.indexedNamespaces(), searches.indexedVectors(), searches.indexedBytes(),
                puts.groupedPuts(), ops.dedupHits(), searches.indexStats(), puts.groupedWrites()));
    }

    @Override
    public boolean isClosed() {
        return pipeline.isClosed();
    }

    /**
     * Closes in this order: the gate first, so that every call that has not started fails at
     * once with {@code STORE_CLOSED} (async calls still queued included, when they come to run);
     * then the background purge and the async executor; then a wait, bounded by the close
     * timeout, for the calls in flight; then the search pools and the engine.
     */
    @Override
    public void close() {
        if (!pipeline.shut()) {
            return;
        }
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        purger.close();
        async.close(deadline);
        pipeline.awaitDrained(deadline);
        try {
            searches.close();
        } finally {
            engine.close();
        }
    }

    @Override
    public String toString() {
        return "MemoryStore[" + description + (isClosed() ? ", closed]" : "]");
    }
}
