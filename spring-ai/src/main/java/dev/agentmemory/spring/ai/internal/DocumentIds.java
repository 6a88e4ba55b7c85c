package dev.agentmemory.spring.ai.internal;

import dev.agentmemory.MemoryId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Thread-safe: static methods only. Maps Spring AI document ids (any non-blank string) to memory
 * ids (UUIDs) and back.
 *
 * <p>A document id that is a UUID, as Spring AI's default id generator makes, is the memory id
 * itself. Any other id (a chunk name, a hash) maps to the name-based UUID of its text, and the
 * text is kept in the reserved metadata entry {@link DocumentCodec#ID_KEY} so that it comes back
 * unchanged; the same id always maps to the same memory, so adding it again replaces it.
 */
public final class DocumentIds {
    private DocumentIds() {}

    /**
     * The memory id for a document id.
     *
     * @throws IllegalArgumentException if the id is null or blank
     */
    public static MemoryId toMemoryId(String documentId) {
        if (documentId == null || documentId.isBlank()) {
            throw new IllegalArgumentException("document id cannot be null or blank");
        }
        UUID uuid = parseUuid(documentId);
        return MemoryId.of(uuid != null ? uuid : UUID.nameUUIDFromBytes(documentId.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether the document id is kept as it is (a UUID in canonical form), so needs no metadata entry. */
    public static boolean isNative(String documentId) {
        UUID uuid = parseUuid(documentId);
        return uuid != null && uuid.toString().equals(documentId);
    }

    private static UUID parseUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException notAUuid) {
            return null;
        }
    }
}
