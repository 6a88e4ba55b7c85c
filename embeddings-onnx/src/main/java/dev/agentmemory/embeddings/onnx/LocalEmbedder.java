package dev.agentmemory.embeddings.onnx;

import dev.agentmemory.Embedder;
import dev.agentmemory.embeddings.onnx.internal.BundledModel;
import dev.agentmemory.embeddings.onnx.internal.BundledModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Thread-safe: share one instance per model, {@link #shared(LocalModel)}. Local sentence
 * embeddings with one of the {@link LocalModel}s, run in process by ONNX Runtime; no network, no
 * API key.
 *
 * <p>Use it with a store: {@code StoreConfig.builder(uri).embedder(LocalEmbedder.shared(LocalModel.BGE_SMALL_EN_V15))},
 * or {@code LocalEmbedder.shared(LocalModel.configured())} to let a system property or an
 * environment variable choose. Vectors of different models are not comparable: keep one model per
 * namespace, and re-embed to change it.
 *
 * <p><b>Queries and passages.</b> bge and e5 were trained with instructions: the text of a
 * search is embedded by {@link #embedQueries} with the model's {@link LocalModel#queryPrefix()},
 * the content of a memory by {@link #embed}/{@link #embedAll} with its
 * {@link LocalModel#passagePrefix()}. The store calls the right one; call
 * {@link #embedQuery(String)} yourself for {@code Search.vector(...)}.
 *
 * <p><b>Vectors.</b> Every vector has 384 finite components and unit length, so cosine similarity
 * and dot product agree; the same text gives the same vector on every thread. Null, empty and
 * whitespace-only texts are rejected: a vector made up for them would match unrelated memories.
 */
public final class LocalEmbedder implements Embedder {
    private static final ConcurrentMap<LocalModel, LocalEmbedder> SHARED = new ConcurrentHashMap<>();

    private final LocalModel model;
    private final BundledModel onnx;

    private LocalEmbedder(LocalModel model, BundledModel onnx) {
        this.model = model;
        this.onnx = onnx;
    }

    /**
     * The one embedder of {@code model} in this JVM, loading the model on the first call for it
     * (a few hundred milliseconds to a second; concurrent first calls wait for one load). A
     * failed load is not kept: the next call tries again.
     *
     * @throws IllegalStateException if the model cannot be loaded or its jar is missing
     */
    public static LocalEmbedder shared(LocalModel model) {
        return SHARED.computeIfAbsent(model, m -> new LocalEmbedder(m, BundledModels.load(m)));
    }

    /**
     * The shared embedder of the model called {@code name}; see {@link LocalModel#fromName}.
     *
     * @throws IllegalArgumentException if no model is called so
     * @throws IllegalStateException if the model cannot be loaded or its jar is missing
     */
    public static LocalEmbedder named(String name) {
        return shared(LocalModel.fromName(name));
    }

    /** The model this embedder runs. */
    public LocalModel model() {
        return model;
    }

    /** Returns the model's {@link LocalModel#displayName()}. */
    @Override
    public String name() {
        return model.displayName();
    }

    /** Returns 384. */
    @Override
    public int dimension() {
        return model.dimension();
    }

    /**
     * Embeds one passage (a memory's content) on the calling thread, with the model's passage prefix.
     *
     * @return a new unit-length vector
     * @throws IllegalArgumentException if the text is null, blank, or has no token the model knows
     * @throws IllegalStateException if ONNX Runtime fails
     */
    @Override
    public float[] embed(String text) {
        requireEmbeddable(text, "text");
        try {
            return onnx.embed(model.passagePrefix() + text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + ": the model cannot embed text (" + text.length()
                    + " chars): " + e.getMessage() + "; a text needs at least one word or symbol", e);
        }
    }

    /**
     * Embeds one search text on the calling thread, with the model's query prefix: the vector to
     * give {@code Search.vector(...)}.
     *
     * @return a new unit-length vector
     * @throws IllegalArgumentException if the text is null, blank, or has no token the model knows
     * @throws IllegalStateException if ONNX Runtime fails
     */
    public float[] embedQuery(String query) {
        return embedQueries(List.of(requireEmbeddable(query, "query"))).get(0);
    }

    /**
     * Embeds several passages, with the model's passage prefix, in parallel on the model's own
     * pool of daemon threads (one per processor); the calling thread waits.
     *
     * @return one new unit-length vector per text, in order; empty for an empty list
     * @throws IllegalArgumentException if the list is null, or a text is null, blank or has no
     *     token the model knows; nothing is embedded then
     * @throws IllegalStateException if ONNX Runtime fails or the calling thread is interrupted
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        return embedPrefixed(texts, model.passagePrefix(), "embedAll", "texts");
    }

    /**
     * Embeds the texts of searches with the model's query prefix; as {@link #embedAll} otherwise.
     *
     * @return one new unit-length vector per query, in order
     * @throws IllegalArgumentException if the list is null, or a query is null, blank or has no
     *     token the model knows
     * @throws IllegalStateException if ONNX Runtime fails or the calling thread is interrupted
     */
    @Override
    public List<float[]> embedQueries(List<String> queries) {
        return embedPrefixed(queries, model.queryPrefix(), "embedQueries", "queries");
    }

    @Override
    public String toString() {
        return "LocalEmbedder[" + name() + ", " + dimension() + " dimensions]";
    }

    private List<float[]> embedPrefixed(List<String> texts, String prefix, String operation, String what) {
        if (texts == null) {
            throw new IllegalArgumentException(name() + " " + operation + ": " + what
                    + " is null; pass a list, List.of() for none");
        }
        List<String> prefixed = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            prefixed.add(prefix + requireEmbeddable(texts.get(i), what + "[" + i + "]"));
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        try {
            return onnx.embedAll(prefixed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + " " + operation + " of " + texts.size()
                    + " texts: the model rejected one: " + e.getMessage()
                    + "; embed them one by one with embed(String) to find it", e);
        }
    }

    private String requireEmbeddable(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(name() + ": " + what + " is null; pass the text to embed");
        }
        // trim() as well as isBlank(): LangChain4j rejects text that is empty after trim(),
        // which also drops control characters that isBlank() keeps.
        if (text.isBlank() || text.trim().isEmpty()) {
            throw new IllegalArgumentException(name() + ": " + what + " is empty or whitespace only ("
                    + text.length() + " chars); such a text has no meaning to embed, so store or search"
                    + " it with an explicit embedding, or skip it");
        }
        return text;
    }
}
