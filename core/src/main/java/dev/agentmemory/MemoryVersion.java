package dev.agentmemory;

import java.time.Instant;
import java.util.Objects;

/**
 * Immutable and thread-safe: an earlier state of a memory, kept when an update replaced it or
 * a delete (or expiry purge) removed it.
 *
 * @param memory the memory as it was before the change
 * @param change what replaced it
 * @param replacedAt when
 */
public record MemoryVersion(Memory memory, Change change, Instant replacedAt) {
    /** What ended a version. */
    public enum Change {
        /** An update replaced it with the next version. */
        UPDATED,
        /** A delete, or the purge of an expired memory, removed it. */
        DELETED
    }

    /** Checks the fields. */
    public MemoryVersion {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(replacedAt, "replacedAt");
    }
}
