package dev.agentmemory.spring.ai.internal;

import dev.agentmemory.MemoryId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Thread-safe: static methods only. Maps Spring AI document ids (any non-blank string) to memory ids.
 *
 * <p>A memory id is the name-based UUID of the tenant, the namespace and the document id, and the
 * document id itself is kept in the reserved metadata entry {@link DocumentCodec#ID_KEY}. So any
 * string is an id, the same document id always maps to the same memory (adding it again replaces
 * it), and one document added to two vector stores is two memories: memory ids are unique across
 * a tenant's namespaces, document ids only within one store.
 */
public final class DocumentIds {
    private DocumentIds() {}

    /**
     * The memory id of a document id in a namespace.
     *
     * @throws IllegalArgumentException if the id is null or blank
     */
    public static MemoryId toMemoryId(String tenant, String namespace, String documentId) {
        if (documentId == null || documentId.isBlank()) {
            throw new IllegalArgumentException("document id cannot be null or blank");
        }
        // Tenant and namespace are identifiers, which never contain '/'.
        String name = tenant + "/" + namespace + "/" + documentId;
        return MemoryId.of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }
}
