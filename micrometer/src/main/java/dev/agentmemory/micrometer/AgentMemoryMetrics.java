package dev.agentmemory.micrometer;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.StoreStats;
import dev.agentmemory.StoreStats.OperationStats;
import dev.agentmemory.StoreStats.PoolStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Thread-safe: share one instance. A Micrometer {@link MeterBinder} over a {@link MemoryStore}'s
 * statistics: per-operation timers, pool and index gauges, retry, failure and grouped-put counters.
 *
 * <pre>{@code
 * new AgentMemoryMetrics(store).bindTo(registry);           // or a @Bean MeterBinder in Spring Boot
 * }</pre>
 *
 * <p>Every meter is a function of {@link MemoryStore#stats()} (read at most once per
 * {@link #DEFAULT_MAX_AGE} however many meters a scrape reads), so nothing is added to the
 * store's hot path. Operations appear as the store first records them; their meters are
 * registered at the next read. The names, tags and what each figure means are listed in
 * {@code docs/MICROMETER.md}. Because the store's statistics keep one latency sum per
 * operation, the {@code outcome=success} and {@code outcome=failure} timers share the
 * operation's mean latency; their counts are exact.
 *
 * <p>The registry keeps the binder alive: binding it is enough, nothing needs to hold it. The
 * binder never closes the store, and a closed store's meters keep their last values.
 */
public final class AgentMemoryMetrics implements MeterBinder {
    /** How old the statistics behind a scrape may be. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    static final String OPERATIONS = "agentmemory.operations";
    static final String OPERATIONS_MAX = "agentmemory.operations.max";
    static final String RETRIES = "agentmemory.operations.retries";
    static final String FAILURES = "agentmemory.operations.failures";
    static final String CONFLICTS = "agentmemory.operations.conflicts";
    static final String POOL = "agentmemory.pool.";
    static final String INDEX_NAMESPACES = "agentmemory.index.namespaces";
    static final String INDEX_VECTORS = "agentmemory.index.vectors";
    static final String INDEX_BYTES = "agentmemory.index.bytes";
    static final String INDEX_BUDGET = "agentmemory.index.budget";
    static final String INDEX_RESIDENT_BYTES = "agentmemory.index.resident.bytes";
    static final String INDEX_METADATA_BYTES = "agentmemory.index.metadata.bytes";
    static final String INDEX_STREAMED_NAMESPACES = "agentmemory.index.streamed.namespaces";
    static final String INDEX_LOOKUPS = "agentmemory.index.lookups";
    static final String INDEX_LOADS = "agentmemory.index.loads";
    static final String INDEX_LOAD_TIME = "agentmemory.index.load.time";
    static final String INDEX_EVICTIONS = "agentmemory.index.evictions";
    static final String INDEX_STREAMED_SEARCHES = "agentmemory.index.streamed.searches";
    static final String GROUPED_PUTS = "agentmemory.puts.grouped";
    static final String DEDUP_HITS = "agentmemory.puts.deduplicated";

    private final StatsSnapshot snapshot;
    private final Tags extraTags;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<String> operationsBound = ConcurrentHashMap.newKeySet();

    /**
     * A binder over {@code store}, with no extra tags.
     *
     * @throws NullPointerException if the store is null
     */
    public AgentMemoryMetrics(MemoryStore store) {
        this(store, Tags.empty());
    }

    /**
     * A binder over {@code store} whose meters carry {@code tags} beside {@code backend}, for
     * example {@code Tags.of("store", "notes")} when an application opens several stores.
     *
     * @throws NullPointerException if the store or the tags are null
     */
    public AgentMemoryMetrics(MemoryStore store, Iterable<Tag> tags) {
        this(store, tags, DEFAULT_MAX_AGE);
    }

    AgentMemoryMetrics(MemoryStore store, Iterable<Tag> tags, Duration maxAge) {
        this.snapshot = new StatsSnapshot(store, maxAge, System::nanoTime);
        this.extraTags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Registers the store's meters with {@code registry}.
     *
     * @throws NullPointerException if the registry is null
     * @throws dev.agentmemory.StoreClosedException if the store is closed before its first snapshot
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        registries.add(registry);
        StoreStats stats = snapshot.get();
        Tags tags = extraTags.and("backend", backendName(stats.backend()));
        for (PoolStats pool : stats.pools()) {
            bindPool(registry, tags.and("pool", pool.name()), pool.name());
        }
        gauge(registry, INDEX_NAMESPACES, tags, "namespaces whose search index is loaded", s -> s.indexedNamespaces());
        gauge(registry, INDEX_VECTORS, tags, "vectors held by the loaded search indexes", s -> s.indexedVectors());
        gauge(registry, INDEX_BYTES, tags, "heap the loaded search indexes hold for scanning (vectors, norms,"
                + " expiry, graph links)", s -> s.indexedBytes());
        bindIndexCache(registry, tags);
        FunctionCounter.builder(GROUPED_PUTS, this, m -> m.stats().groupedPuts())
                .description("single puts written in one transaction together with at least one other (group commit)")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder(DEDUP_HITS, this, m -> m.stats().dedupHits())
                .description("drafts not stored because the namespace held their content or a near-duplicate")
                .tags(tags)
                .register(registry);
        for (String operation : stats.operations().keySet()) {
            bindOperation(registry, tags, operation);
        }
        operationsBound.addAll(stats.operations().keySet());
    }

    private void bindPool(MeterRegistry registry, Tags tags, String name) {
        poolGauge(registry, tags, name, "active", "connections borrowed", PoolStats::active);
        poolGauge(registry, tags, name, "idle", "connections waiting in the pool", PoolStats::idle);
        poolGauge(registry, tags, name, "waiting", "threads waiting for a connection", PoolStats::waiting);
        poolGauge(registry, tags, name, "open", "connections open", PoolStats::total);
    }

    private void poolGauge(MeterRegistry registry, Tags tags, String pool, String what, String description,
            ToLongFunction<PoolStats> value) {
        gauge(registry, POOL + what, tags, description, s -> {
            for (PoolStats p : s.pools()) {
                if (p.name().equals(pool)) {
                    return value.applyAsLong(p);
                }
            }
            return Double.NaN;
        });
    }

    /** The search index as a bounded cache: budget, residency, lookups by result, loads, evictions. */
    private void bindIndexCache(MeterRegistry registry, Tags tags) {
        gauge(registry, INDEX_BUDGET, tags, "heap the search indexes may hold together, in bytes",
                s -> s.index().budgetBytes());
        gauge(registry, INDEX_RESIDENT_BYTES, tags, "what the resident search indexes weigh against the budget,"
                + " in bytes (scan arrays, graph links, metadata)", s -> s.index().residentBytes());
        gauge(registry, INDEX_METADATA_BYTES, tags, "estimated heap of the metadata the resident indexes keep for"
                + " filters, in bytes", s -> s.index().metadataBytes());
        gauge(registry, INDEX_STREAMED_NAMESPACES, tags, "namespaces larger than the budget, searched by streaming",
                s -> s.index().streamedNamespaces());
        counter(registry, INDEX_LOOKUPS, tags.and("result", "hit"), "searches whose namespace index was resident",
                s -> s.index().hits());
        counter(registry, INDEX_LOOKUPS, tags.and("result", "miss"), "searches whose namespace index was not"
                + " resident (first use or evicted)", s -> s.index().misses());
        counter(registry, INDEX_LOADS, tags, "full loads of a namespace index from the database",
                s -> s.index().loads());
        FunctionCounter.builder(INDEX_LOAD_TIME, this, m -> m.stats().index().loadMillis() / 1000.0)
                .description("time spent loading namespace indexes from the database")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
        counter(registry, INDEX_EVICTIONS, tags, "namespace indexes evicted to stay within the budget",
                s -> s.index().evictions());
        counter(registry, INDEX_STREAMED_SEARCHES, tags, "searches of namespaces larger than the budget, streamed"
                + " from the database", s -> s.index().streamedSearches());
    }

    private void counter(MeterRegistry registry, String name, Tags tags, String description,
            ToDoubleFunction<StoreStats> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, Tags tags, String description,
            ToDoubleFunction<StoreStats> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.stats()))
                .description(description)
                // Micrometer holds a meter's object weakly; these strong references keep the
                // binder alive as long as the registry, so a binder nobody else holds still works.
                .strongReference(true)
                .tags(tags)
                .register(registry);
    }

    private void bindOperation(MeterRegistry registry, Tags storeTags, String operation) {
        Tags tags = storeTags.and("operation", operation);
        ToLongFunction<AgentMemoryMetrics> successes = m -> m.operation(operation).calls() - m.operation(operation).failures();
        ToLongFunction<AgentMemoryMetrics> failures = m -> m.operation(operation).failures();
        timer(registry, tags.and("outcome", "success"), operation, successes);
        timer(registry, tags.and("outcome", "failure"), operation, failures);
        TimeGauge.builder(OPERATIONS_MAX, this, TimeUnit.MICROSECONDS, m -> m.operation(operation).maxMicros())
                .description("the slowest call since the store opened")
                .strongReference(true)
                .tags(tags)
                .register(registry);
        FunctionCounter.builder(RETRIES, this, m -> m.operation(operation).retries())
                .description("transparent retries after transient failures")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder(FAILURES, this, m -> failures.applyAsLong(m))
                .description("calls that threw")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder(CONFLICTS, this, m -> m.operation(operation).conflicts())
                .description("calls that failed with a version conflict (optimistic concurrency)")
                .tags(tags)
                .register(registry);
    }

    private void timer(MeterRegistry registry, Tags tags, String operation, ToLongFunction<AgentMemoryMetrics> count) {
        FunctionTimer.builder(OPERATIONS, this, count,
                        m -> (double) count.applyAsLong(m) * m.operation(operation).meanMicros(), TimeUnit.MICROSECONDS)
                .description("calls of a store operation; total time is the count times the operation's mean latency")
                .tags(tags)
                .register(registry);
    }

    /**
     * The current snapshot. Every meter reads through here, so the operations the store recorded
     * since the last read get their meters at the first scrape that sees them.
     */
    private StoreStats stats() {
        StoreStats stats = snapshot.get();
        bindNewOperations(stats);
        return stats;
    }

    private OperationStats operation(String name) {
        OperationStats op = stats().operations().get(name);
        return op == null ? new OperationStats(0, 0, 0, 0, 0, 0) : op;
    }

    private void bindNewOperations(StoreStats stats) {
        for (String operation : stats.operations().keySet()) {
            if (operationsBound.add(operation)) {
                Tags tags = extraTags.and("backend", backendName(stats.backend()));
                for (MeterRegistry registry : registries) {
                    bindOperation(registry, tags, operation);
                }
            }
        }
    }

    /**
     * Refreshes the meters now: registers the meters of operations the store has recorded since
     * the last read. Scrapes do this on their own; call it to see new operations before one.
     */
    public void refresh() {
        stats();
    }

    /** {@code sqlite} for {@code sqlite:./data/m.db}: the scheme, without the location. */
    static String backendName(String backend) {
        int colon = backend.indexOf(':');
        return colon > 0 ? backend.substring(0, colon) : backend.isEmpty() ? "unknown" : backend;
    }
}
