package dev.agentmemory.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentmemory.Link;
import dev.agentmemory.Memory;
import dev.agentmemory.Message;
import dev.agentmemory.Metadata;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread-safe: static methods only. The export format: JSON Lines, one record a line, each with a
 * {@code type}: {@code header}, {@code namespace}, {@code memory}, {@code link}, {@code message},
 * {@code history}, and a closing {@code end} with the counts and the checksum.
 *
 * <p>Embeddings travel as base64 of little-endian IEEE float32, so every vector comes back bit
 * for bit (decimal text would round). The checksum (SHA-256) covers what an import can restore:
 * ids, namespaces, content, embeddings, metadata, expiry, links and messages in order, but not
 * timestamps and versions, which the public API sets anew when it writes.
 */
public final class Jsonl {
    /** The format name in the header. */
    public static final String FORMAT = "agent-memory-export";
    /** The one version this tool writes and reads. */
    public static final int VERSION = 1;

    static final ObjectMapper JSON = new ObjectMapper();

    private Jsonl() {}

    static ObjectNode memory(Memory m) {
        ObjectNode n = portableMemory(m);
        n.put("created_at", m.createdAt().toString());
        n.put("updated_at", m.updatedAt().toString());
        n.put("version", m.version());
        return n;
    }

    /** The fields of a memory an import restores, in a fixed order, for the checksum. */
    static ObjectNode portableMemory(Memory m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "memory");
        n.put("namespace", m.namespace());
        n.put("id", m.id().toString());
        n.put("content", m.content());
        n.put("embedding", encode(m.embedding()));
        n.set("metadata", metadata(m.metadata()));
        m.expiresAt().ifPresent(t -> n.put("expires_at", t.toString()));
        return n;
    }

    static ObjectNode link(String namespace, Link l) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "link");
        n.put("namespace", namespace);
        n.put("from", l.from().toString());
        n.put("to", l.to().toString());
        n.put("link_type", l.type());
        n.put("weight", l.weight());
        return n;
    }

    static ObjectNode message(String session, Message m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "message");
        n.put("session", session);
        n.put("seq", m.seq());
        n.put("role", m.role());
        n.put("text", m.text());
        return n;
    }

    static ObjectNode metadata(Metadata metadata) {
        ObjectNode n = JSON.createObjectNode();
        for (Map.Entry<String, Object> e : new TreeMap<>(metadata.asMap()).entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                n.put(e.getKey(), s);
            } else if (v instanceof Long l) {
                n.put(e.getKey(), l);
            } else if (v instanceof Double d) {
                n.put(e.getKey(), d);
            } else if (v instanceof Boolean b) {
                n.put(e.getKey(), b);
            } else {
                throw new IllegalStateException("metadata " + e.getKey() + " has a value of unexpected type " + v.getClass());
            }
        }
        return n;
    }

    /**
     * Reads metadata back with each value's kind: whole numbers as long, others as double.
     *
     * @throws BadInput if a value is not a string, number or boolean
     */
    static Map<String, Object> metadata(JsonNode node, int line) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new BadInput(line, "'metadata' must be an object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                out.put(e.getKey(), v.textValue());
            } else if (v.isIntegralNumber()) {
                out.put(e.getKey(), v.longValue());
            } else if (v.isFloatingPointNumber()) {
                out.put(e.getKey(), v.doubleValue());
            } else if (v.isBoolean()) {
                out.put(e.getKey(), v.booleanValue());
            } else {
                throw new BadInput(line, "metadata '" + e.getKey() + "' must be a string, number or boolean");
            }
        }
        return out;
    }

    static String encode(float[] vector) {
        ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            buf.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(buf.array());
    }

    /**
     * Decodes an embedding.
     *
     * @throws BadInput if it is not base64 of whole float32 values
     */
    static float[] decode(String text, int line) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new BadInput(line, "'embedding' is not base64: " + e.getMessage());
        }
        if (bytes.length == 0 || bytes.length % 4 != 0) {
            throw new BadInput(line, "'embedding' holds " + bytes.length + " bytes, not a whole number of float32 values");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = buf.getFloat();
        }
        return v;
    }
}
