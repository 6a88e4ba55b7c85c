package dev.agentmemory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    private final MemoryId id;
    private final Duration ttl;
    private final Instant expiresAt;

    private MemoryDraft(String content, float[] embedding, Metadata metadata, MemoryId id, Duration ttl,
            Instant expiresAt) {
        this.content = content;
        this.embedding = embedding;
        this.metadata = metadata;
        this.id = id;
        this.ttl = ttl;
        this.expiresAt = expiresAt;
    }

    private MemoryDraft(String content, float[] embedding, Metadata metadata) {
        this(content, embedding, metadata, null, null, null);
    }

    /**
     * A draft with this content, no embedding yet and no metadata. Set an embedding, or leave
     * it out if the store has an {@link Embedder}: the store then embeds the content.
     */
    public static MemoryDraft of(String content) {
        return new MemoryDraft(Objects.requireNonNull(content, "content"), null, Metadata.empty());
    }


    /** Returns a draft with this content. */
    public MemoryDraft content(String newContent) {
        return new MemoryDraft(Objects.requireNonNull(newContent, "content"), embedding, metadata, id, ttl, expiresAt);
    }

    /** Returns a draft with this embedding (the array is copied). */
    public MemoryDraft embedding(float[] vector) {
        return new MemoryDraft(content, Objects.requireNonNull(vector, "embedding").clone(), metadata, id, ttl,
                expiresAt);
    }

    /** Returns a draft with one more metadata entry (or that entry replaced). */
    public MemoryDraft metadata(String key, Object value) {
        return new MemoryDraft(content, embedding, metadata.with(key, value), id, ttl, expiresAt);
    }

    /** Returns a draft whose metadata is exactly {@code newMetadata}. */
    public MemoryDraft metadata(Metadata newMetadata) {
        return new MemoryDraft(content, embedding, Objects.requireNonNull(newMetadata, "metadata"), id, ttl,
                expiresAt);
    }

    /** Returns a draft whose metadata is exactly the entries of {@code map}. */
    public MemoryDraft metadata(Map<String, ?> map) {
        return metadata(Metadata.of(map));
    }

    /**
     * Returns a draft stored under this id instead of a new one, for callers that keep their own
     * ids (a UUID of any version). A put whose id exists in the namespace with the same content
     * returns it without writing, so retrying such a put is safe; an id that exists otherwise is
     * rejected with {@link ErrorCode#ALREADY_EXISTS}. Ignored by update.
     */
    public MemoryDraft id(MemoryId chosen) {
        return new MemoryDraft(content, embedding, metadata, Objects.requireNonNull(chosen, "id"), ttl, expiresAt);
    }

    /**
     * Returns a draft that expires {@code duration} after it is written: from then on no read,
     * list, count or search sees it, and the store purges it in the background. Replaces an
     * {@link #expiresAt(Instant)} set before.
     */
    public MemoryDraft ttl(Duration duration) {
        return new MemoryDraft(content, embedding, metadata, id, Objects.requireNonNull(duration, "ttl"), null);
    }

    /** Returns a draft that expires at {@code instant}. Replaces a {@link #ttl(Duration)} set before. */
    public MemoryDraft expiresAt(Instant instant) {
        return new MemoryDraft(content, embedding, metadata, id, null, Objects.requireNonNull(instant, "expiresAt"));
    }

    /** The id chosen by the caller, if any. */
    public Optional<MemoryId> id() {
        return Optional.ofNullable(id);
    }

    /** The time to live, if one was set. */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** The expiry instant, if one was set. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
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
                + (embedding == null ? "no embedding" : embedding.length + "d") + " " + metadata
                + (ttl != null ? " ttl " + ttl : expiresAt != null ? " expires " + expiresAt : "") + "}";
    }
}
