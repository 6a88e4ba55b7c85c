package dev.agentmemory.internal;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Metadata;
import java.time.Instant;

/** Immutable: what the search index keeps of a memory besides its vector. */
record IndexedRow(MemoryId id, String content, Metadata metadata, Instant createdAt, Instant updatedAt,
        long createdMicros, long updatedMicros, long version, Instant expiresAt) {}
