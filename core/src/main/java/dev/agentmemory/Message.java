package dev.agentmemory;

import java.time.Instant;
import java.util.Objects;

/**
 * Immutable and thread-safe: one message of a conversation.
 *
 * @param seq its position in the conversation, 1 for the first; appends get consecutive
 *     numbers in the order they commit
 * @param id its id, the idempotency key of the append that stored it
 * @param role who said it, for example {@code user}, {@code assistant}, {@code system}, {@code tool}
 * @param text what was said
 * @param createdAt when it was appended
 */
public record Message(long seq, MemoryId id, String role, String text, Instant createdAt) {
    /** Checks the fields. */
    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
