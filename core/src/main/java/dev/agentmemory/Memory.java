package dev.agentmemory;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable and thread-safe: one stored memory, as of the moment it was read.
 *
 * <p>Timestamps have microsecond precision. {@link #version()} starts at 1 and grows by one
 * with every update; pass it to {@link Namespace#update} for an optimistic check.
 */
public final class Memory {
    private final MemoryId id;
    private final String tenant;
    private final String namespace;
    private final String content;
    private final float[] embedding;
    private final Metadata metadata;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final long version;
    private final Instant expiresAt;

    /**
     * Creates a memory. Storage engines use this to hand rows back; applications get
     * memories from the store.
     *
     * @param embedding copied, so later changes to the array do not show
     */
    public Memory(MemoryId id, String tenant, String namespace, String content, float[] embedding,
            Metadata metadata, Instant createdAt, Instant updatedAt, long version) {
        this(id, tenant, namespace, content, embedding, metadata, createdAt, updatedAt, version, null);
    }

    /**
     * Creates a memory that expires. Storage engines use this to hand rows back; applications
     * get memories from the store.
     *
     * @param embedding copied, so later changes to the array do not show
     * @param expiresAt when the memory stops being visible, or null if it never expires
     */
    public Memory(MemoryId id, String tenant, String namespace, String content, float[] embedding,
            Metadata metadata, Instant createdAt, Instant updatedAt, long version, Instant expiresAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.content = Objects.requireNonNull(content, "content");
        this.embedding = Objects.requireNonNull(embedding, "embedding").clone();
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
        this.version = version;
        this.expiresAt = expiresAt;
    }

    /** The id. */
    public MemoryId id() {
        return id;
    }

    /** The tenant that owns this memory. */
    public String tenant() {
        return tenant;
    }

    /** The namespace within the tenant. */
    public String namespace() {
        return namespace;
    }

    /** The text. */
    public String content() {
        return content;
    }

    /** A copy of the embedding vector. */
    public float[] embedding() {
        return embedding.clone();
    }

    /** The embedding's number of dimensions. */
    public int dimension() {
        return embedding.length;
    }

    /** The metadata. */
    public Metadata metadata() {
        return metadata;
    }

    /** When the memory was first stored. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When the memory was last written (equal to {@link #createdAt()} until updated). */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** The version: 1 when created, one more after each update. */
    public long version() {
        return version;
    }

    /** When the memory stops being visible, if it expires (see {@link MemoryDraft#ttl}). */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * A draft holding this memory's content, embedding, metadata and expiry, to change and
     * update.
     */
    public MemoryDraft toDraft() {
        MemoryDraft draft = MemoryDraft.of(content).embedding(embedding).metadata(metadata);
        return expiresAt == null ? draft : draft.expiresAt(expiresAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Memory m && id.equals(m.id) && tenant.equals(m.tenant) && namespace.equals(m.namespace)
                && content.equals(m.content) && Arrays.equals(embedding, m.embedding) && metadata.equals(m.metadata)
                && createdAt.equals(m.createdAt) && updatedAt.equals(m.updatedAt) && version == m.version
                && Objects.equals(expiresAt, m.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        String text = content.length() > 60 ? content.substring(0, 60) + "..." : content;
        return "Memory{" + tenant + "/" + namespace + " " + id + " v" + version + " '" + text + "' " + metadata + "}";
    }
}
