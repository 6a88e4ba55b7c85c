package dev.agentmemory.spring.ai.internal;

import dev.agentmemory.Limits;
import dev.agentmemory.Match;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryDraft;
import dev.agentmemory.Metadata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.ai.document.Document;
import org.springframework.ai.document.DocumentMetadata;

/**
 * Thread-safe: static methods only. Translates Spring AI {@link Document}s to memory drafts and
 * stored memories back to documents.
 *
 * <p>Metadata values are stored as the nearest core type: strings and booleans as they are,
 * integral numbers as {@code long}, other numbers as {@code double}. Reading gives back what a
 * JSON-backed Spring AI store gives (PgVector, the simple store): an integral number that fits
 * an {@code int} comes back as an {@link Integer}, a larger one as a {@link Long}, any other as
 * a {@link Double}. Keys starting with {@value #RESERVED_PREFIX} are the adapter's own.
 */
public final class DocumentCodec {
    /** Metadata keys starting with this are the adapter's; documents may not use them. */
    public static final String RESERVED_PREFIX = "springai.";
    /** The document id (see {@link DocumentIds}). */
    public static final String ID_KEY = RESERVED_PREFIX + "id";

    private DocumentCodec() {}

    /**
     * The draft for a document and its embedding, under {@code id}.
     *
     * @throws IllegalArgumentException if the document has no text, or a metadata key or value cannot be stored
     */
    public static MemoryDraft toDraft(Document document, float[] embedding, dev.agentmemory.MemoryId id) {
        String text = document.getText();
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("document " + document.getId() + " has no text; AgentMemoryVectorStore"
                    + " stores text documents (media-only documents need a text description)");
        }
        Map<String, Object> values = new TreeMap<>();
        document.getMetadata().forEach((key, value) -> values.put(checkKey(key, "metadata key"), toCoreValue(key, value)));
        values.put(ID_KEY, document.getId());
        return MemoryDraft.of(text).embedding(embedding).metadata(Metadata.of(values)).id(id);
    }

    /** The document for a search match: its score is the cosine similarity, its distance 1 minus that. */
    public static Document toDocument(Match match) {
        Memory memory = match.memory();
        Map<String, Object> metadata = fromCore(memory.metadata());
        metadata.put(DocumentMetadata.DISTANCE.value(), (float) (1 - match.score()));
        return Document.builder()
                .id(memory.metadata().getString(ID_KEY).orElse(memory.id().toString()))
                .text(memory.content())
                .metadata(metadata)
                .score(match.score())
                .build();
    }

    /** The document's metadata, without the adapter's reserved entries. */
    static Map<String, Object> fromCore(Metadata metadata) {
        Map<String, Object> out = new LinkedHashMap<>();
        metadata.asMap().forEach((key, value) -> {
            if (!key.startsWith(RESERVED_PREFIX)) {
                out.put(key, fromCoreValue(value));
            }
        });
        return out;
    }

    private static Object fromCoreValue(Object value) {
        if (value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        return value;
    }

    /**
     * The core value for a document metadata or filter value.
     *
     * @throws IllegalArgumentException for a null value or one that is not a string, number or boolean
     */
    public static Object toCoreValue(String key, Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        } else if (value instanceof Float f) {
            // The double nearest the float's decimal form, so 1.1f meets a filter value of 1.1.
            return Double.parseDouble(Float.toString(f));
        } else if (value instanceof BigInteger b) {
            return b.longValueExact();
        } else if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        throw new IllegalArgumentException("value of metadata key '" + key + "' is "
                + (value == null ? "null" : "a " + value.getClass().getName())
                + "; agent-memory stores strings, numbers and booleans: convert it to one of those");
    }

    /**
     * Checks that a metadata key can be stored: a core identifier outside the reserved prefix.
     *
     * @return the key
     * @throws IllegalArgumentException if it cannot
     */
    public static String checkKey(String key, String what) {
        if (key == null || !Limits.IDENTIFIER_PATTERN.matcher(key).matches()) {
            throw new IllegalArgumentException(what + " " + (key == null ? "null" : "'" + key + "'")
                    + " cannot be stored in agent-memory: keys are 1 to 64 letters, digits, '_', '-' or '.',"
                    + " starting with a letter or digit; rename the key");
        }
        if (key.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException(what + " '" + key + "' starts with '" + RESERVED_PREFIX
                    + "', which AgentMemoryVectorStore reserves for its own entries; rename the key");
        }
        return key;
    }
}
