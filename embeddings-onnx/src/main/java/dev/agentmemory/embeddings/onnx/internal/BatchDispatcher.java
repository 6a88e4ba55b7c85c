package dev.agentmemory.embeddings.onnx.internal;

import dev.agentmemory.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe: share one instance. The queue and the one thread behind
 * {@code MicroBatchingEmbedder}: callers {@link #offer} texts, the thread gathers what waits
 * into batches of at most {@code maxBatch}, waiting at most {@code maxWaitNanos} after the first
 * text for more, and makes one {@code embedAll} call per batch.
 *
 * <p><b>Why one thread.</b> A batch already keeps every core busy (the model spreads one call
 * over its own threads), so a second batch in flight would only compete for the same cores;
 * while a batch runs, the next one fills up by itself, so under load the batches grow without
 * any waiting, and the wait only matters when traffic is light.
 *
 * <p><b>Errors.</b> A batch the delegate rejects as a whole ({@link IllegalArgumentException},
 * one bad text) is embedded again text by text, so only the caller of the bad text gets the
 * error. Any other failure goes to every caller of the batch.
 */
public final class BatchDispatcher {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How often an idle dispatcher looks at the closed flag; bounds how long close() waits for it. */
    private static final long IDLE_POLL_MILLIS = 100;

    private final Embedder delegate;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<PendingEmbedding> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong texts = new AtomicLong();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final AtomicLong splitBatches = new AtomicLong();

    /**
     * Starts the dispatcher thread (a daemon, so an unclosed batcher never delays JVM exit).
     *
     * @param delegate the embedder that runs the batches
     * @param maxBatch the largest batch, at least 1
     * @param maxWaitNanos how long the first text of a batch waits for company, at least 0
     * @param capacity how many texts may wait, at least 1
     */
    public BatchDispatcher(Embedder delegate, int maxBatch, long maxWaitNanos, int capacity) {
        this.delegate = delegate;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWaitNanos;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::loop, "agent-memory-embed-batcher-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a text without waiting.
     *
     * @return false if the queue is full or the dispatcher is closed
     */
    public boolean offer(PendingEmbedding pending) {
        if (closed.get()) {
            return false;
        }
        if (!queue.offer(pending)) {
            return false;
        }
        if (closed.get()) {
            // close() may have drained the queue just before this offer; make sure nobody waits forever.
            failRemaining();
        }
        return true;
    }

    /** Texts waiting now, for messages. */
    public int waiting() {
        return queue.size();
    }

    /** True once {@link #close} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Batches run so far. */
    public long batches() {
        return batches.get();
    }

    /** Texts embedded so far, in batches. */
    public long texts() {
        return texts.get();
    }

    /** The largest batch so far. */
    public int largestBatch() {
        return largestBatch.get();
    }

    /** Batches the delegate rejected as a whole, embedded again text by text. */
    public long splitBatches() {
        return splitBatches.get();
    }

    /**
     * Stops taking texts, lets the batch in flight finish, fails every text still queued, and
     * waits up to {@code waitMillis} for the thread to end. Idempotent.
     *
     * @return true if the thread has ended
     */
    public boolean close(long waitMillis) throws InterruptedException {
        // No interrupt: the batch in flight belongs to its callers, and a model call may well give
        // up on an interrupt. An idle thread sees the flag within one poll.
        closed.set(true);
        thread.join(waitMillis);
        failRemaining();
        return !thread.isAlive();
    }

    private void loop() {
        List<PendingEmbedding> batch = new ArrayList<>(maxBatch);
        while (!closed.get()) {
            try {
                gather(batch);
            } catch (InterruptedException e) {
                // Nothing here interrupts this thread; if something else does, run what was
                // gathered and carry on: only close() ends the loop.
            }
            if (!batch.isEmpty()) {
                run(batch);
                batch.clear();
            }
        }
        failRemaining();
    }

    /** Blocks for a first text, then takes more until the batch is full or the wait is over. */
    private void gather(List<PendingEmbedding> batch) throws InterruptedException {
        PendingEmbedding first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        addIfClaimed(batch, first);
        long deadline = System.nanoTime() + maxWaitNanos;
        List<PendingEmbedding> drained = new ArrayList<>(maxBatch);
        while (batch.size() < maxBatch) {
            queue.drainTo(drained, maxBatch - batch.size());
            for (PendingEmbedding p : drained) {
                addIfClaimed(batch, p);
            }
            drained.clear();
            long left = deadline - System.nanoTime();
            if (batch.size() >= maxBatch || left <= 0) {
                return;
            }
            PendingEmbedding next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            addIfClaimed(batch, next);
        }
    }

    private static void addIfClaimed(List<PendingEmbedding> batch, PendingEmbedding p) {
        if (p.claim()) {
            batch.add(p);
        }
    }

    private void run(List<PendingEmbedding> batch) {
        batches.incrementAndGet();
        texts.addAndGet(batch.size());
        largestBatch.accumulateAndGet(batch.size(), Math::max);
        List<String> input = new ArrayList<>(batch.size());
        for (PendingEmbedding p : batch) {
            input.add(p.text());
        }
        List<float[]> vectors;
        try {
            vectors = delegate.embedAll(input);
        } catch (IllegalArgumentException e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
            splitBatches.incrementAndGet();
            oneByOne(batch);
            return;
        } catch (RuntimeException | Error e) {
            for (PendingEmbedding p : batch) {
                p.fail(new IllegalStateException(delegate.name() + " failed on a batch of " + batch.size()
                        + " texts: " + e, e));
            }
            return;
        }
        if (vectors == null || vectors.size() != batch.size()) {
            for (PendingEmbedding p : batch) {
                p.fail(new IllegalStateException(delegate.name() + " returned "
                        + (vectors == null ? "null" : vectors.size() + " vectors") + " for a batch of " + batch.size()
                        + " texts; an Embedder must return one vector per text, in order"));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(vectors.get(i));
        }
    }

    private void oneByOne(List<PendingEmbedding> batch) {
        for (PendingEmbedding p : batch) {
            try {
                p.complete(delegate.embed(p.text()));
            } catch (RuntimeException e) {
                p.fail(e);
            } catch (Error e) {
                p.fail(new IllegalStateException(delegate.name() + " failed: " + e, e));
            }
        }
    }

    private void failRemaining() {
        PendingEmbedding p;
        while ((p = queue.poll()) != null) {
            if (p.claim()) {
                p.fail(new IllegalStateException(delegate.name() + " micro-batcher is closed; the text was"
                        + " still queued and was not embedded. Embed with an open embedder, or close the"
                        + " embedder only after the store that uses it"));
            }
        }
    }
}
