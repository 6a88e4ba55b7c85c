package dev.agentmemory;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe: share one instance. Turns text into an embedding vector, so that
 * {@link Namespace#put(MemoryDraft)} of a draft without an embedding and
 * {@link Search#text(String)} work.
 *
 * <p>Configure one with {@link StoreConfig.Builder#embedder(Embedder)}. Implementations are
 * called from many threads at once and must be safe for that; a model is loaded once and
 * shared. The module {@code agent-memory-embeddings-onnx} has a local all-MiniLM-L6-v2
 * embedder that needs no network.
 */
public interface Embedder {

    /** The model's name, for messages and stats, for example {@code all-MiniLM-L6-v2}. */
    String name();

    /** The dimension of every vector this embedder returns. */
    int dimension();

    /**
     * Embeds one text.
     *
     * @return a vector of {@link #dimension()} finite components
     * @throws IllegalArgumentException if the text cannot be embedded
     */
    float[] embed(String text);

    /**
     * Embeds several texts; implementations may batch them. The default embeds one by one.
     *
     * @return one vector per text, in order
     * @throws IllegalArgumentException if a text cannot be embedded
     */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(embed(text));
        }
        return out;
    }

    /**
     * Embeds the texts of searches. Models trained with a query instruction (bge's "Represent
     * this sentence for searching relevant passages: ", e5's "query: ") embed a question
     * differently from the passage that answers it; such an embedder overrides this, and
     * {@link #embed}/{@link #embedAll} embed passages (memories). The store calls this for the
     * text of {@link Search#text(String)}. The default is {@link #embedAll}: a symmetric model.
     *
     * @return one vector per query, in order
     * @throws IllegalArgumentException if a text cannot be embedded
     */
    default List<float[]> embedQueries(List<String> queries) {
        return embedAll(queries);
    }
}
