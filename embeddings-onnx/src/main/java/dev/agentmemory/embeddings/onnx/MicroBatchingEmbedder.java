package dev.agentmemory.embeddings.onnx;

import dev.agentmemory.Embedder;
import dev.agentmemory.embeddings.onnx.internal.BatchDispatcher;
import dev.agentmemory.embeddings.onnx.internal.PendingEmbedding;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Thread-safe: share one instance. An {@link Embedder} that gathers the single texts of
 * concurrent callers into one batched call of the embedder it wraps, so that a web server's
 * request threads share model calls instead of each running the model alone.
 *
 * <pre>{@code
 * MicroBatchingEmbedder embedder = MicroBatchingEmbedder.builder(MiniLmEmbedder.shared()).build();
 * StoreConfig config = StoreConfig.builder(uri).embedder(embedder).build();
 * ... // close the store first, then the embedder
 * }</pre>
 *
 * <p><b>How a batch forms.</b> One dispatcher thread takes the first waiting text, then waits at
 * most {@link Builder#maxWait(Duration) maxWait} (default {@value #DEFAULT_MAX_WAIT_MICROS}
 * microseconds) for more, or until {@link Builder#maxBatch(int) maxBatch} texts (default
 * {@value #DEFAULT_MAX_BATCH}) are together, and calls the wrapped embedder's
 * {@link Embedder#embedAll(List)} once. While that call runs, the next batch gathers in the
 * queue, so under load batches grow with no waiting at all; the wait only costs a lone caller
 * up to {@code maxWait}.
 *
 * <p><b>Bounds.</b> At most {@link Builder#queueCapacity(int) queueCapacity} texts (default
 * {@value #DEFAULT_QUEUE_CAPACITY}) wait; a call that finds the queue full fails at once with an
 * {@link IllegalStateException} saying so, rather than queueing without end. A caller waits at
 * most {@link Builder#timeout(Duration) timeout} (default {@value #DEFAULT_TIMEOUT_SECONDS} s)
 * for its vector. An interrupt ends only its own caller's wait: the text is withdrawn if no
 * batch has taken it yet, the caller gets an {@link IllegalStateException} and keeps its
 * interrupt flag, and the other texts of the batch are not affected.
 *
 * <p><b>Errors</b> reach each caller on its own thread. If the wrapped embedder rejects a batch
 * with an {@link IllegalArgumentException}, the batch is embedded again text by text, so only
 * the caller of the bad text gets the {@code IllegalArgumentException}; any other failure of a
 * batch reaches all its callers as an {@link IllegalStateException}.
 *
 * <p><b>Vectors.</b> A batched call must give the vectors of one-by-one calls; the wrapped
 * embedder's own documentation says how closely. {@link MiniLmEmbedder}'s batches are exact.
 *
 * <p>{@link #embedAll(List)} of one text takes the batched path (that is how the store embeds a
 * single put or search); a longer list is already a batch and goes straight to the wrapped
 * embedder on the calling thread. {@link #close()} is idempotent: it lets the batch in flight
 * finish, fails the texts still waiting, and makes later calls fail.
 */
public final class MicroBatchingEmbedder implements Embedder, AutoCloseable {

    /** The default largest batch. */
    public static final int DEFAULT_MAX_BATCH = 32;
    /** The default wait for a batch to fill, in microseconds: half a millisecond. */
    public static final long DEFAULT_MAX_WAIT_MICROS = 500;
    /** The default number of texts that may wait. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;
    /** The default longest wait of one caller for its vector, in seconds. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 30;

    /** How long close() waits for the batch in flight. */
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    private final Embedder delegate;
    private final int maxBatch;
    private final Duration maxWait;
    private final int queueCapacity;
    private final Duration timeout;
    private final BatchDispatcher dispatcher;

    private MicroBatchingEmbedder(Builder b) {
        this.delegate = b.delegate;
        this.maxBatch = b.maxBatch;
        this.maxWait = b.maxWait;
        this.queueCapacity = b.queueCapacity;
        this.timeout = b.timeout;
        this.dispatcher = new BatchDispatcher(delegate, maxBatch, maxWait.toNanos(), queueCapacity);
    }

    /**
     * Starts building a batcher around {@code delegate}.
     *
     * @param delegate the embedder that runs the batches; thread-safe, as every embedder is
     * @return a builder with the defaults
     * @throws NullPointerException if {@code delegate} is null
     */
    public static Builder builder(Embedder delegate) {
        return new Builder(Objects.requireNonNull(delegate, "delegate"));
    }

    /** Returns the wrapped embedder's name. */
    @Override
    public String name() {
        return delegate.name();
    }

    /** Returns the wrapped embedder's dimension. */
    @Override
    public int dimension() {
        return delegate.dimension();
    }

    /**
     * Embeds one text in a batch shared with concurrent callers, and waits for its vector.
     *
     * @param text the text; the wrapped embedder decides what it accepts
     * @return the text's vector
     * @throws IllegalArgumentException if the text is null or the wrapped embedder rejects it
     * @throws IllegalStateException if the queue is full, the batcher is closed, the timeout
     *     passed, the calling thread was interrupted (its flag stays set), or the wrapped
     *     embedder failed
     */
    @Override
    public float[] embed(String text) {
        if (text == null) {
            throw new IllegalArgumentException(delegate.name() + ": text is null; pass the text to embed");
        }
        PendingEmbedding pending = new PendingEmbedding(text);
        if (!dispatcher.offer(pending)) {
            throw refused();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!pending.await(deadline) && !waitedOut(pending, deadline)) {
            throw unanswered(pending);
        }
        RuntimeException error = pending.error();
        if (error != null) {
            throw onCallerThread(error);
        }
        return pending.vector();
    }

    /**
     * Embeds the texts: one text in a shared batch as {@link #embed(String)} does, more on the
     * calling thread in one call of the wrapped embedder.
     *
     * @param texts the texts
     * @return one vector per text, in order
     * @throws IllegalArgumentException if the list is null or the wrapped embedder rejects a text
     * @throws IllegalStateException as {@link #embed(String)}, or if the wrapped embedder fails
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException(delegate.name() + " embedAll: texts is null; pass a list, List.of() for none");
        }
        if (dispatcher.isClosed()) {
            throw refused();
        }
        if (texts.size() == 1) {
            return List.of(embed(texts.get(0)));
        }
        return delegate.embedAll(texts);
    }

    /**
     * What the batcher has done so far.
     *
     * @return a snapshot of the counters
     */
    public Stats stats() {
        return new Stats(dispatcher.batches(), dispatcher.texts(), dispatcher.largestBatch(), dispatcher.splitBatches(),
                dispatcher.waiting());
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return dispatcher.isClosed();
    }

    /**
     * Stops the batcher: the batch in flight finishes (bounded wait), texts still queued fail
     * with an {@link IllegalStateException}, and later calls fail. Idempotent; the wrapped
     * embedder is not closed.
     */
    @Override
    public void close() {
        try {
            dispatcher.close(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MicroBatchingEmbedder[" + delegate.name() + ", maxBatch=" + maxBatch + ", maxWait=" + maxWait.toNanos() / 1000
                + "us, queueCapacity=" + queueCapacity + ", timeout=" + timeout.toMillis() + "ms]";
    }

    /**
     * An interrupt or a deadline ended the wait. A text no batch has taken is withdrawn; a taken
     * one is already in a model call, whose result is still wanted if it comes before the
     * deadline (an interrupt does not shorten that: it is kept for the caller to see).
     */
    private boolean waitedOut(PendingEmbedding pending, long deadline) {
        if (pending.abandon()) {
            return false;
        }
        if (!Thread.interrupted()) {
            return pending.await(deadline);
        }
        try {
            return pending.await(deadline);
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    private IllegalStateException refused() {
        if (dispatcher.isClosed()) {
            return new IllegalStateException(delegate.name() + " micro-batcher is closed; close it only after the store"
                    + " that uses it");
        }
        return new IllegalStateException(delegate.name() + " micro-batcher queue is full (" + queueCapacity
                + " texts waiting for the model); the embedder is overloaded: shed load, or raise queueCapacity if"
                + " a longer wait is acceptable");
    }

    private IllegalStateException unanswered(PendingEmbedding pending) {
        if (Thread.currentThread().isInterrupted()) {
            return new IllegalStateException(delegate.name() + " micro-batcher: the calling thread was interrupted while"
                    + " waiting for its vector" + (pending.claimed() ? " (its batch was still running)" : "; the text"
                    + " was withdrawn before any batch took it") + "; the interrupt flag is still set");
        }
        return new IllegalStateException(delegate.name() + " micro-batcher: no vector within the timeout of "
                + timeout.toMillis() + " ms (" + dispatcher.waiting() + " texts waiting, largest batch so far "
                + dispatcher.largestBatch() + "); the model is slower than the load: shed load or raise the timeout");
    }

    /**
     * The error was made on the dispatcher thread; the caller gets one of the same kind whose
     * stack shows its own call, with the original as the cause.
     */
    private static RuntimeException onCallerThread(RuntimeException error) {
        if (error instanceof IllegalArgumentException) {
            return new IllegalArgumentException(error.getMessage(), error);
        }
        return new IllegalStateException(error.getMessage(), error);
    }

    /**
     * Immutable: what a batcher has done so far.
     *
     * @param batches calls made to the wrapped embedder's {@code embedAll}
     * @param texts texts embedded in those calls
     * @param largestBatch the largest batch so far
     * @param splitBatches batches the wrapped embedder rejected, embedded again text by text
     * @param waiting texts waiting now
     */
    public record Stats(long batches, long texts, int largestBatch, long splitBatches, int waiting) {
        /** Texts per batch on average, 0 before the first batch. */
        public double meanBatch() {
            return batches == 0 ? 0 : (double) texts / batches;
        }
    }

    /** Confined to the calling thread: the settings of a {@link MicroBatchingEmbedder}. */
    public static final class Builder {
        private final Embedder delegate;
        private int maxBatch = DEFAULT_MAX_BATCH;
        private Duration maxWait = Duration.ofNanos(DEFAULT_MAX_WAIT_MICROS * 1000);
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);

        private Builder(Embedder delegate) {
            this.delegate = delegate;
        }

        /**
         * The largest batch; default {@value MicroBatchingEmbedder#DEFAULT_MAX_BATCH}.
         *
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxBatch(int texts) {
            if (texts < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1, got " + texts);
            }
            this.maxBatch = texts;
            return this;
        }

        /**
         * How long the first text of a batch waits for more; default
         * {@value MicroBatchingEmbedder#DEFAULT_MAX_WAIT_MICROS} µs. Zero takes only what is already waiting.
         *
         * @return this builder
         * @throws IllegalArgumentException if negative or longer than a second (a batcher that
         *     holds a lone caller that long is a misconfiguration)
         */
        public Builder maxWait(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("maxWait must be between 0 and 1 s, got " + wait
                        + "; a fraction of a millisecond is enough to gather concurrent callers");
            }
            this.maxWait = wait;
            return this;
        }

        /**
         * How many texts may wait; default {@value MicroBatchingEmbedder#DEFAULT_QUEUE_CAPACITY}.
         *
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder queueCapacity(int texts) {
            if (texts < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, got " + texts);
            }
            this.queueCapacity = texts;
            return this;
        }

        /**
         * The longest a caller waits for its vector; default {@value MicroBatchingEmbedder#DEFAULT_TIMEOUT_SECONDS} s.
         *
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + wait);
            }
            this.timeout = wait;
            return this;
        }

        /**
         * Starts the batcher and its dispatcher thread (a daemon named
         * {@code agent-memory-embed-batcher-N}).
         *
         * @return the batcher; close it after the store that uses it
         */
        public MicroBatchingEmbedder build() {
            return new MicroBatchingEmbedder(this);
        }
    }
}
