package dev.agentmemory.spi;

import dev.agentmemory.MemoryId;
import java.util.Objects;

/**
 * Immutable and thread-safe: where a memory lives.
 *
 * @param tenant the tenant
 * @param namespace the namespace
 * @param id the id
 */
public record MemoryRef(String tenant, String namespace, MemoryId id) {
    /** Checks the fields. */
    public MemoryRef {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(id, "id");
    }
}
