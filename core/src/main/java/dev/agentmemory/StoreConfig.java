package dev.agentmemory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable and thread-safe: everything needed to open a store.
 *
 * <pre>{@code
 * StoreConfig config = StoreConfig.builder("sqlite:./data/memories.db")
 *         .property("synchronous", "FULL")
 *         .searchThreads(4)
 *         .build();
 * }</pre>
 *
 * <p>Properties are backend settings by name (each backend documents its own); attributes
 * are typed objects for integrations, keyed by {@link Key}. The knobs come in groups:
 * {@link #retry()} (transient storage failures), {@link #index()} (the in-process search
 * index and the search threads), {@link #async()} (the {@link MemoryStore#async()} view), and
 * the store's own: limits, clock, embedder, history, purge interval and close timeout.
 */
public final class StoreConfig {
    private final String uri;
    private final Map<String, String> properties;
    private final Map<Key<?>, Object> attributes;
    private final Limits limits;
    private final Clock clock;
    private final Embedder embedder;
    private final int historyVersions;
    private final Duration purgeInterval;
    private final Duration closeTimeout;
    private final Retry retry;
    private final Index index;
    private final Quantization quantization;
    private final int searchRowCache;
    private final Async async;

    /** Memories a namespace's index keeps of those its searches read, unless set (see {@link Builder#searchRowCache}). */
    public static final int DEFAULT_SEARCH_ROW_CACHE = 256;

    private StoreConfig(Builder b) {
        this.uri = b.uri;
        this.properties = Map.copyOf(b.properties);
        this.attributes = Map.copyOf(b.attributes);
        this.limits = b.limits;
        this.clock = b.clock;
        this.embedder = b.embedder;
        this.historyVersions = b.historyVersions;
        this.purgeInterval = b.purgeInterval;
        this.closeTimeout = b.closeTimeout;
        this.retry = b.retry;
        this.index = new Index(b.searchThreads, b.scanThreads, b.parallelScanThreshold, b.hnsw, b.searchStaleness,
                b.indexBudget);
        this.quantization = b.quantization;
        this.searchRowCache = b.searchRowCache;
        this.async = b.async;
    }

    /**
     * Immutable and thread-safe: how transient storage failures are retried, with bounded,
     * jittered exponential backoff.
     *
     * @param maxAttempts attempts in all, at least 1 (1 turns retries off)
     * @param initialBackoff the wait before the first retry; it doubles per retry, with jitter
     * @param maxBackoff the longest wait between retries, at least {@code initialBackoff}
     */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        /** 4 attempts, 10 ms doubling to at most 500 ms. */
        public static final Retry DEFAULTS = new Retry(4, Duration.ofMillis(10), Duration.ofMillis(500));

        /** @throws IllegalArgumentException if an attempt count or a wait is out of range */
        public Retry {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("retries need attempts >= 1 and 0 <= initial <= max, got "
                        + maxAttempts + ", " + initialBackoff + ", " + maxBackoff);
            }
        }
    }

    /**
     * Immutable and thread-safe: the HNSW graph of large namespaces (approximate search).
     *
     * @param threshold namespaces with at least this many vectors get a graph; MAX_VALUE for never
     * @param m links per node (twice as many at the bottom level)
     * @param efConstruction beam width while inserting
     * @param efSearch beam width while searching (raised to topK when that is larger)
     */
    public record Hnsw(int threshold, int m, int efConstruction, int efSearch) {
        /** No graph: every search is exact. */
        public static final Hnsw OFF = new Hnsw(Integer.MAX_VALUE, 16, 100, 64);

        /** @throws IllegalArgumentException if a value is out of range */
        public Hnsw {
            if (threshold < 1 || m < 4 || m > 64 || efConstruction < m || efSearch < 1) {
                throw new IllegalArgumentException("hnsw needs threshold >= 1, 4 <= m <= 64, efConstruction >= m and"
                        + " efSearch >= 1, got " + threshold + ", " + m + ", " + efConstruction + ", " + efSearch);
            }
        }

        /** True if some namespace size gets a graph. */
        public boolean enabled() {
            return threshold != Integer.MAX_VALUE;
        }
    }

    /**
     * Immutable and thread-safe: int8 scalar quantization of large namespaces. A namespace's
     * index that holds at least {@code threshold} vectors keeps them as int8 codes with a scale
     * and an offset per vector (about a quarter of the float bytes: 404 instead of 1,540 a
     * vector at 384 dimensions) instead of floats; a search scans the codes (with the Vector
     * API where the JVM has it), takes {@code oversampling} candidates per result, reads them
     * with their embeddings from the database and ranks them by their exact float scores. A
     * quantized namespace is searched by this exact scan of the codes only, never through the
     * HNSW graph, and stays quantized until its index is next loaded.
     *
     * @param threshold namespaces with at least this many vectors are quantized; MAX_VALUE for never
     * @param oversampling candidates read and rescored per result wanted, at least 1
     */
    public record Quantization(int threshold, int oversampling) {
        /** The default: namespaces of {@value #DEFAULT_THRESHOLD} vectors or more, {@value #DEFAULT_OVERSAMPLING} candidates a result. */
        public static final Quantization DEFAULTS = new Quantization(Quantization.DEFAULT_THRESHOLD,
                Quantization.DEFAULT_OVERSAMPLING);
        /** No quantization: every namespace keeps float vectors. */
        public static final Quantization OFF = new Quantization(Integer.MAX_VALUE, Quantization.DEFAULT_OVERSAMPLING);
        /** The default threshold, in vectors. */
        public static final int DEFAULT_THRESHOLD = 20_000;
        /** The default oversampling: enough for recall@10 of 1.000 on 99,800 real MiniLM vectors (docs/BENCHMARKS.md). */
        public static final int DEFAULT_OVERSAMPLING = 4;

        /** @throws IllegalArgumentException if a value is out of range */
        public Quantization {
            if (threshold < 1 || oversampling < 1) {
                throw new IllegalArgumentException("quantization needs threshold >= 1 and oversampling >= 1, got "
                        + threshold + ", " + oversampling);
            }
        }

        /** True if some namespace size is quantized. */
        public boolean enabled() {
            return threshold != Integer.MAX_VALUE;
        }
    }

    /**
     * Immutable and thread-safe: the in-process search index and the threads that search it.
     *
     * <p>The index is a cache over the database: namespace indexes are weighed in bytes (vectors,
     * norms, expiry, ids, timestamps, the metadata filters read, graph links) and held within
     * {@code budgetBytes} for the whole store; past it the namespaces used least (by Caffeine's
     * W-TinyLFU policy: recency and frequency) are evicted and reloaded from the database on their
     * next search. A namespace larger than the budget is never held: its searches stream it from
     * the database in chunks.
     *
     * @param searchThreads threads that search several namespaces in parallel
     * @param scanThreads threads that scan one large namespace together (the caller included)
     * @param parallelScanThreshold exact scans of at least this many vectors are split across
     *     {@code scanThreads}
     * @param hnsw the graph of large namespaces, {@link Hnsw#OFF} by default
     * @param staleness how old the last change-counter check may be for a search to skip it;
     *     zero always checks
     * @param budgetBytes heap the store's namespace indexes may hold together, at least 1; by
     *     default {@link #defaultBudget()}
     */
    public record Index(int searchThreads, int scanThreads, int parallelScanThreshold, Hnsw hnsw,
            Duration staleness, long budgetBytes) {
        /** The share of the maximum heap ({@link Runtime#maxMemory()}) the index may hold by default: a quarter. */
        public static final double DEFAULT_HEAP_SHARE = 0.25;

        /** @throws IllegalArgumentException if a value is out of range */
        public Index {
            Objects.requireNonNull(hnsw, "hnsw");
            Objects.requireNonNull(staleness, "staleness");
            if (searchThreads < 1 || scanThreads < 1 || parallelScanThreshold < 1 || staleness.isNegative()
                    || budgetBytes < 1) {
                throw new IllegalArgumentException("index needs searchThreads >= 1, scanThreads >= 1,"
                        + " parallelScanThreshold >= 1, a staleness of zero or more and a budget of at least 1 byte,"
                        + " got " + searchThreads + ", " + scanThreads + ", " + parallelScanThreshold + ", "
                        + staleness + ", " + budgetBytes);
            }
        }

        /**
         * Settings with the default budget.
         *
         * @throws IllegalArgumentException if a value is out of range
         */
        public Index(int searchThreads, int scanThreads, int parallelScanThreshold, Hnsw hnsw, Duration staleness) {
            this(searchThreads, scanThreads, parallelScanThreshold, hnsw, staleness, defaultBudget());
        }

        /** {@link #DEFAULT_HEAP_SHARE} of this JVM's maximum heap. */
        public static long defaultBudget() {
            return Math.max(1, (long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE));
        }
    }

    /**
     * Immutable and thread-safe: the size of the {@link MemoryStore#async()} view.
     *
     * <p>Sizing: a task waits in the queue about {@code queued x mean operation time / threads};
     * with 4 threads and 2 ms operations, a queue of 1,000 is about half a second of work. A
     * task that has waited longer than {@code maxQueueWait} when its turn comes fails with
     * {@link ErrorCode#OVERLOADED} without running, so no caller waits without a bound however
     * many threads submit (a thousand virtual threads, say).
     *
     * @param threads threads that run its tasks
     * @param queueCapacity tasks that may wait; past that, calls fail at once with
     *     {@link ErrorCode#OVERLOADED}
     * @param maxQueueWait the longest a task may wait in the queue before it fails instead of running
     */
    public record Async(int threads, int queueCapacity, Duration maxQueueWait) {
        /** The longest queue wait by default: 5 seconds. */
        public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofSeconds(5);

        /** @throws IllegalArgumentException if a value is out of range */
        public Async {
            Objects.requireNonNull(maxQueueWait, "maxQueueWait");
            if (threads < 1 || queueCapacity < 0 || maxQueueWait.isNegative() || maxQueueWait.isZero()) {
                throw new IllegalArgumentException("async needs threads >= 1, queueCapacity >= 0 and a positive"
                        + " maxQueueWait, got " + threads + ", " + queueCapacity + " and " + maxQueueWait);
            }
        }

        /** Threads and queue, with the default longest queue wait. */
        public Async(int threads, int queueCapacity) {
            this(threads, queueCapacity, DEFAULT_MAX_QUEUE_WAIT);
        }
    }

    /** A builder for a store at {@code uri}, for example {@code sqlite:./data/memories.db}. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** The store URI. */
    public String uri() {
        return uri;
    }

    /** Backend settings by name. */
    public Map<String, String> properties() {
        return properties;
    }

    /** A backend setting, if set. */
    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** A typed attribute, if set. */
    public <T> Optional<T> attribute(Key<T> key) {
        return Optional.ofNullable(key.type().cast(attributes.get(key)));
    }

    /** The size limits. */
    public Limits limits() {
        return limits;
    }

    /** The clock for created/updated timestamps and expiry. */
    public Clock clock() {
        return clock;
    }

    /** The embedder for drafts without an embedding and for text searches, if one is set. */
    public Optional<Embedder> embedder() {
        return Optional.ofNullable(embedder);
    }

    /** How many earlier versions of each memory the history keeps; 0 keeps none. */
    public int historyVersions() {
        return historyVersions;
    }

    /** How often expired memories are purged in the background; zero for never. */
    public Duration purgeInterval() {
        return purgeInterval;
    }

    /** How long {@link MemoryStore#close()} waits for calls in flight. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /** How transient storage failures are retried. */
    public Retry retry() {
        return retry;
    }

    /** The search index and the search threads. */
    public Index index() {
        return index;
    }

    /** The most memories a namespace's index keeps of those its searches read; see {@link Builder#searchRowCache}. */
    public int searchRowCache() {
        return searchRowCache;
    }

    /** The int8 quantization of large namespaces' indexes; {@link Quantization#DEFAULTS} unless set. */
    public Quantization quantization() {
        return quantization;
    }

    /** The async view's threads and queue. */
    public Async async() {
        return async;
    }

    /**
     * Immutable and thread-safe: the key of a typed attribute; keys are equal by name.
     *
     * @param name a unique name, for example {@code jdbc.dataSourceDecorator}
     * @param type the value's type
     * @param <T> the value's type
     */
    public record Key<T>(String name, Class<T> type) {
        /** Checks the fields. */
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** Confined to the calling thread: builds a {@link StoreConfig}. */
    public static final class Builder {
        private final String uri;
        private final Map<String, String> properties = new HashMap<>();
        private final Map<Key<?>, Object> attributes = new HashMap<>();
        private Limits limits = Limits.DEFAULTS;
        private Retry retry = Retry.DEFAULTS;
        private int searchThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private Embedder embedder;
        private int historyVersions = 10;
        private Duration purgeInterval = Duration.ofMinutes(1);
        private Async async = new Async(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 1_000);
        private int scanThreads = Runtime.getRuntime().availableProcessors();
        private int parallelScanThreshold = 16_384;
        private Hnsw hnsw = Hnsw.OFF;
        private Duration searchStaleness = Duration.ZERO;
        private long indexBudget = Index.defaultBudget();
        private Quantization quantization = Quantization.DEFAULTS;
        private int searchRowCache = DEFAULT_SEARCH_ROW_CACHE;

        private Builder(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        /** Sets a backend setting. */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets a typed attribute. */
        public <T> Builder attribute(Key<T> key, T value) {
            attributes.put(key, key.type().cast(Objects.requireNonNull(value, "value")));
            return this;
        }

        /** Sets the size limits. */
        public Builder limits(Limits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * Sets the retry policy for transient failures of idempotent operations.
         *
         * @param attempts attempts in all, at least 1 (1 turns retries off)
         * @param initial the first wait
         * @param max the longest wait
         */
        public Builder retries(int attempts, Duration initial, Duration max) {
            return retry(new Retry(attempts, initial, max));
        }

        /** Sets the retry policy for transient failures of idempotent operations. */
        public Builder retry(Retry value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /** Sets the number of threads for multi-namespace search (at least 1). */
        public Builder searchThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("searchThreads must be at least 1");
            }
            this.searchThreads = n;
            return this;
        }

        /** Sets how long close waits for calls in flight. */
        public Builder closeTimeout(Duration value) {
            this.closeTimeout = Objects.requireNonNull(value, "closeTimeout");
            return this;
        }

        /** Sets the clock for timestamps (tests use a fixed one). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the embedder: drafts without an embedding get one from their content, and
         * {@link Search#text(String)} works. One instance is shared by every thread.
         */
        public Builder embedder(Embedder value) {
            this.embedder = Objects.requireNonNull(value, "embedder");
            return this;
        }

        /**
         * Sets how many earlier versions of each memory the history keeps (default 10); 0 turns
         * the history off.
         */
        public Builder historyVersions(int versions) {
            if (versions < 0) {
                throw new IllegalArgumentException("historyVersions must be 0 or more, got " + versions);
            }
            this.historyVersions = versions;
            return this;
        }

        /**
         * Sets how often expired memories are purged in the background (default every minute);
         * {@link Duration#ZERO} turns the background purge off ({@link MemoryStore#purgeExpired()}
         * still works). Expired memories are invisible at once either way.
         */
        public Builder purgeInterval(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("purgeInterval must not be negative, got " + value);
            }
            this.purgeInterval = value;
            return this;
        }

        /**
         * Sizes the {@link MemoryStore#async()} view: {@code threads} run tasks (default twice the
         * processors, at least 4), and at most {@code queueCapacity} more wait (default 1000);
         * past that, calls fail at once with {@link ErrorCode#OVERLOADED}.
         */
        public Builder async(int threads, int queueCapacity) {
            return async(new Async(threads, queueCapacity));
        }

        /** Sizes the {@link MemoryStore#async()} view. */
        public Builder async(Async value) {
            this.async = Objects.requireNonNull(value, "async");
            return this;
        }

        /**
         * Sets how one large namespace is scanned by exact search: namespaces of at least
         * {@code threshold} vectors (default 16384) are cut into chunks scanned by up to
         * {@code threads} threads, the caller included (default: the processors). One thread
         * turns this off.
         */
        public Builder exactScan(int threads, int threshold) {
            if (threads < 1 || threshold < 1) {
                throw new IllegalArgumentException("exactScan needs threads >= 1 and threshold >= 1, got " + threads
                        + " and " + threshold);
            }
            this.scanThreads = threads;
            this.parallelScanThreshold = threshold;
            return this;
        }

        /**
         * Searches namespaces of at least {@code threshold} vectors through an HNSW graph
         * (approximate; off by default, so search is exact). The graph serves cosine searches;
         * dot-product and L2 searches stay exact. Filters, expiry and {@code near} are honoured:
         * the graph search collects only matching memories, and when it finds fewer than topK
         * of them the search falls back to the exact scan, so a selective filter still returns
         * topK results when that many exist.
         *
         * @param threshold namespace size from which the graph is used, for example 50000
         * @param m links per node, 4 to 64 (typical 16)
         * @param efConstruction beam width while inserting, at least m (typical 100 to 200)
         * @param efSearch beam width while searching, at least 1 (typical 64 to 200; more is slower and more exact)
         */
        public Builder hnsw(int threshold, int m, int efConstruction, int efSearch) {
            return hnsw(new Hnsw(threshold, m, efConstruction, efSearch));
        }

        /** Sets the HNSW graph of large namespaces; {@link Hnsw#OFF} keeps every search exact. */
        public Builder hnsw(Hnsw value) {
            this.hnsw = Objects.requireNonNull(value, "hnsw");
            return this;
        }

        /**
         * Lets each namespace's index keep up to {@code rows} of the memories its searches read
         * from the database (content, metadata, timestamps; not the embedding, which the index
         * has), so that a later search whose best candidates are all kept, at the version the
         * freshly checked index holds, reads nothing: a small namespace searched again and again
         * then answers as fast as when the index held whole rows. The kept rows count against
         * {@link #indexBudget}. Default {@value StoreConfig#DEFAULT_SEARCH_ROW_CACHE}; 0 keeps
         * none, and every search reads its candidates (heap per resident memory is then the
         * vector plus about 64 bytes).
         *
         * @throws IllegalArgumentException if {@code rows} is negative
         */
        public Builder searchRowCache(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("searchRowCache must be 0 or more rows, got " + rows);
            }
            this.searchRowCache = rows;
            return this;
        }

        /**
         * Quantizes the index of every namespace with at least {@code threshold} vectors to int8
         * codes, searched with {@code oversampling} candidates per result rescored exactly (see
         * {@link Quantization}); default {@link Quantization#DEFAULTS}: 20,000 vectors, 4.
         *
         * @throws IllegalArgumentException if {@code threshold} or {@code oversampling} is below 1
         */
        public Builder quantization(int threshold, int oversampling) {
            return quantization(new Quantization(threshold, oversampling));
        }

        /**
         * Sets the quantization of large namespaces; {@link Quantization#OFF} keeps float vectors everywhere.
         *
         * @throws NullPointerException if {@code value} is null
         */
        public Builder quantization(Quantization value) {
            this.quantization = Objects.requireNonNull(value, "quantization");
            return this;
        }

        /**
         * Lets a search skip the read of the namespace's change counter when the last read is
         * younger than {@code value} (default zero: every search reads it). Writes made through
         * this store instance are still seen at once; writes by other instances or processes
         * may be missed for up to {@code value}.
         */
        public Builder searchStaleness(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("searchStaleness must not be negative, got " + value);
            }
            this.searchStaleness = value;
            return this;
        }

        /**
         * Sets the heap the store's search indexes may hold together (default: a quarter of the
         * maximum heap, {@link Index#DEFAULT_HEAP_SHARE}). Namespaces used least are evicted past
         * it and reloaded on their next search; a namespace larger than the whole budget is
         * searched by streaming it from the database. Results are the same either way.
         *
         * @param bytes at least 1
         * @throws IllegalArgumentException if {@code bytes} is below 1
         */
        public Builder indexBudget(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("indexBudget must be at least 1 byte, got " + bytes);
            }
            this.indexBudget = bytes;
            return this;
        }

        /** Builds the configuration. */
        public StoreConfig build() {
            return new StoreConfig(this);
        }
    }
}
