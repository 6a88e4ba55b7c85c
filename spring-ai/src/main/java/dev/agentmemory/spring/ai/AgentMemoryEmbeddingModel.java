package dev.agentmemory.spring.ai;

import dev.agentmemory.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Thread-safe if the embedder is (every agent-memory embedder is): a Spring AI
 * {@link EmbeddingModel} over an agent-memory {@link Embedder}, such as the local MiniLM model of
 * {@code agent-memory-embeddings-onnx}, so a Spring application and the store embed alike.
 *
 * <p>Request options are ignored: the embedder has one model and one dimension. Documents are
 * embedded from their text alone ({@link MetadataMode#NONE}), as the store embeds content.
 */
public final class AgentMemoryEmbeddingModel implements EmbeddingModel {
    private final Embedder embedder;

    /**
     * A model over {@code embedder}.
     *
     * @throws NullPointerException if it is null
     */
    public AgentMemoryEmbeddingModel(Embedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    /** The embedder this model delegates to. */
    public Embedder embedder() {
        return embedder;
    }

    /**
     * Embeds the request's texts in one batch.
     *
     * @throws RuntimeException whatever the embedder throws for a text it cannot embed
     */
    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<float[]> vectors = embedder.embedAll(request.getInstructions());
        List<Embedding> embeddings = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            embeddings.add(new Embedding(vectors.get(i), i));
        }
        return new EmbeddingResponse(embeddings);
    }

    /** Embeds a document's text. */
    @Override
    public float[] embed(Document document) {
        return embedder.embed(document.getFormattedContent(MetadataMode.NONE));
    }

    /** The embedder's dimension, without embedding a probe text. */
    @Override
    public int dimensions() {
        return embedder.dimension();
    }
}
