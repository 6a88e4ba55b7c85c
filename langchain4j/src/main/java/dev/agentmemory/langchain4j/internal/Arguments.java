package dev.agentmemory.langchain4j.internal;

import dev.agentmemory.MemoryId;
import dev.agentmemory.ValidationException;
import dev.langchain4j.data.embedding.Embedding;
import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe: static methods only. Checks the embedding store's arguments, so that a bad one is an
 * {@link IllegalArgumentException} that says what to pass, before anything reaches the store.
 */
public final class Arguments {
    private Arguments() {}

    /**
     * Parses ids, in order.
     *
     * @throws IllegalArgumentException if an id is blank or not a UUID
     */
    public static List<MemoryId> parseIds(List<String> ids) {
        List<MemoryId> parsed = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            parsed.add(parseId(ids.get(i), i));
        }
        return parsed;
    }

    /**
     * Parses the id at position {@code index} of the caller's arguments.
     *
     * @throws IllegalArgumentException if it is blank or not a UUID
     */
    public static MemoryId parseId(String id, int index) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id " + index + " is null or blank; ids are UUID strings");
        }
        try {
            return MemoryId.parse(id);
        } catch (ValidationException e) {
            throw new IllegalArgumentException("id '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id)
                    + "' is not a UUID: AgentMemoryEmbeddingStore stores entries under UUIDs; pass one"
                    + " (UUID.randomUUID().toString()) or let add(...) generate it", e);
        }
    }

    /**
     * Returns the embedding at position {@code index}.
     *
     * @throws IllegalArgumentException if it is null
     */
    public static Embedding requireEmbedding(Embedding embedding, int index) {
        if (embedding == null) {
            throw new IllegalArgumentException("embedding " + index + " is null; pass an embedding for every entry");
        }
        return embedding;
    }

    /**
     * Checks that a list argument is present.
     *
     * @throws IllegalArgumentException if it is null
     */
    public static void requireList(List<?> list, String name) {
        if (list == null) {
            throw new IllegalArgumentException(name + " cannot be null; pass a list, empty if there is nothing to add");
        }
    }

    /**
     * Checks that an optional parallel list has one element per entry.
     *
     * @throws IllegalArgumentException if {@code other} is not null and its size differs from {@code expected}
     */
    public static void checkSizes(int expected, List<?> other, String name) {
        if (other != null && other.size() != expected) {
            throw new IllegalArgumentException(name + " has " + other.size() + " elements but there are " + expected
                    + " entries; give one per entry, in the same order");
        }
    }
}
