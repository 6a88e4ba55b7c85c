package dev.agentmemory;

import java.util.Map;
import java.util.Objects;

/**
 * Immutable and thread-safe: what to write, built fluently; each method returns a new draft.
 *
 * <pre>{@code
 * MemoryDraft.of("Alice's team meets on Tuesdays").embedding(vector).metadata("source", "calendar")
 * }</pre>
 *
 * <p>The store validates a draft when it is written, not when it is built.
 */
public final class MemoryDraft {
    private final String content;
    private final float[] embedding;
    private final Metadata metadata;

    private MemoryDraft(String content, float[] embedding, Metadata metadata) {
        this.content = content;
        this.embedding = embedding;
        this.metadata = metadata;
    }

    /** A draft with this content, no embedding yet and no metadata. */
    public static MemoryDraft of(String content) {
        return new MemoryDraft(Objects.requireNonNull(content, "content"), null, Metadata.empty());
    }

    /** Returns a draft with this content. */
    public MemoryDraft content(String newContent) {
        return new MemoryDraft(Objects.requireNonNull(newContent, "content"), embedding, metadata);
    }

    /** Returns a draft with this embedding (the array is copied). */
    public MemoryDraft embedding(float[] vector) {
        return new MemoryDraft(content, Objects.requireNonNull(vector, "embedding").clone(), metadata);
    }

    /** Returns a draft with one more metadata entry (or that entry replaced). */
    public MemoryDraft metadata(String key, Object value) {
        return new MemoryDraft(content, embedding, metadata.with(key, value));
    }

    /** Returns a draft whose metadata is exactly {@code newMetadata}. */
    public MemoryDraft metadata(Metadata newMetadata) {
        return new MemoryDraft(content, embedding, Objects.requireNonNull(newMetadata, "metadata"));
    }

    /** Returns a draft whose metadata is exactly the entries of {@code map}. */
    public MemoryDraft metadata(Map<String, ?> map) {
        return metadata(Metadata.of(map));
    }

    /** The content. */
    public String content() {
        return content;
    }

    /** A copy of the embedding, or null if none was set. */
    public float[] embedding() {
        return embedding == null ? null : embedding.clone();
    }

    /** True if an embedding was set. */
    public boolean hasEmbedding() {
        return embedding != null;
    }

    /** The metadata. */
    public Metadata metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "MemoryDraft{'" + (content.length() > 60 ? content.substring(0, 60) + "..." : content) + "' "
                + (embedding == null ? "no embedding" : embedding.length + "d") + " " + metadata + "}";
    }
}
