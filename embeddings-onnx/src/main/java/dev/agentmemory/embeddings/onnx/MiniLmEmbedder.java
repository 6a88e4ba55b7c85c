package dev.agentmemory.embeddings.onnx;

import dev.agentmemory.Embedder;
import java.util.List;

/**
 * Thread-safe: share one instance, {@link #shared()}. Local sentence embeddings with the
 * quantized all-MiniLM-L6-v2 model, run in process by ONNX Runtime; no network, no API key.
 *
 * <p>Use it with a store: {@code StoreConfig.builder(uri).embedder(MiniLmEmbedder.shared())}.
 * It is {@link LocalEmbedder#shared(LocalModel)} of {@link LocalModel#ALL_MINILM_L6_V2} under its
 * own type; {@link LocalModel} has stronger models.
 *
 * <p><b>Vectors.</b> Every vector has {@value #DIMENSION} finite components and unit length
 * (LangChain4j mean-pools the token vectors and L2-normalises the result), so cosine similarity
 * and dot product agree. The same text always gives the same vector, whichever thread asks.
 *
 * <p><b>Texts.</b> A text is lower-cased and split into WordPiece tokens by the model's own
 * tokenizer. <b>Only the first {@value #MAX_TOKENS} tokens count</b>, about 90 English words:
 * the tokenizer that ships with the model truncates there (the length the model was trained
 * on), silently, so the rest of a longer text does not change its vector. Split long texts into
 * passages and store each one. Null, empty and whitespace-only texts are rejected: they carry no
 * meaning, and a vector made up for them would match unrelated memories.
 *
 * <p><b>Cost.</b> The model (23 MB) is loaded once per JVM, on the first call to
 * {@link #shared()}, in a few hundred milliseconds. One short sentence takes a few milliseconds
 * of CPU; see {@code docs/EMBEDDINGS.md} for a measured figure.
 */
public final class MiniLmEmbedder implements Embedder {

    /** The dimension of every vector this embedder returns. */
    public static final int DIMENSION = 384;

    /**
     * How many WordPiece tokens of a text the model sees; the rest is cut off. The tokenizer's
     * window is 128 tokens, two of which are the {@code [CLS]} and {@code [SEP]} markers.
     */
    public static final int MAX_TOKENS = 126;

    /** The name returned by {@link #name()}. */
    public static final String NAME = "all-MiniLM-L6-v2 (quantized)";

    /** Initialised by the JVM on first use of {@link #shared()}, which makes loading lazy, once and thread-safe. */
    private static final class Holder {
        static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder(LocalEmbedder.shared(LocalModel.ALL_MINILM_L6_V2));
    }

    /** MiniLM is a symmetric model: no prefixes, so this is the same embedder under its old name. */
    private final LocalEmbedder model;

    private MiniLmEmbedder(LocalEmbedder model) {
        this.model = model;
    }

    /**
     * Returns the one embedder of this JVM, loading the model on the first call; that call
     * blocks for the load, and concurrent first calls wait for the same load.
     *
     * @return the shared embedder
     * @throws IllegalStateException if the model cannot be loaded (on the first call; it is
     *     wrapped in an {@link ExceptionInInitializerError}, and later calls fail with a
     *     {@link NoClassDefFoundError}, because a failed load is not retried)
     */
    public static MiniLmEmbedder shared() {
        return Holder.INSTANCE;
    }

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Returns {@value #DIMENSION}. */
    @Override
    public int dimension() {
        return DIMENSION;
    }

    /**
     * Embeds one text on the calling thread.
     *
     * @param text the text; not null, not blank
     * @return a new unit-length vector of {@value #DIMENSION} finite components
     * @throws IllegalArgumentException if the text is null, empty or whitespace only, or has
     *     no token the model knows
     * @throws IllegalStateException if ONNX Runtime fails
     */
    @Override
    public float[] embed(String text) {
        return model.embed(text);
    }

    /**
     * Embeds several texts. LangChain4j runs them in parallel on a pool of one daemon thread
     * per processor, owned by this embedder, and the calling thread waits; the vectors equal
     * those of {@link #embed(String)} one by one.
     *
     * @param texts the texts; the list and every text not null, no text blank
     * @return one new unit-length vector per text, in order; empty for an empty list
     * @throws IllegalArgumentException if the list is null, or a text is null, empty or
     *     whitespace only, or has no token the model knows; nothing is embedded then
     * @throws IllegalStateException if ONNX Runtime fails or the calling thread is interrupted
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts);
    }

    @Override
    public String toString() {
        return "MiniLmEmbedder[" + NAME + ", " + DIMENSION + " dimensions]";
    }
}
