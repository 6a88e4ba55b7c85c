package dev.agentmemory.demo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable and thread-safe: a request body parsed as one JSON object, with typed accessors that
 * refuse a missing field or a wrong type with a 400 naming the field.
 *
 * <p>Fields the API does not know (a tenant, an id, a timestamp sent by the client) are ignored:
 * the server decides those.
 */
final class JsonBody {

    /** Strict about syntax: duplicate keys are refused, nesting is shallow. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private final JsonNode root;

    private JsonNode node(String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /**
     * Parses a body that must be one JSON object in UTF-8.
     *
     * @throws ApiException 400 {@code MALFORMED_JSON} if it is not valid UTF-8, empty, not JSON,
     *     or not an object
     */
    static JsonBody parse(byte[] body) {
        String text;
        try {
            // Strict: a lenient decode would store U+FFFD where the client sent something else.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the request body is not valid UTF-8; send JSON in UTF-8");
        }
        return parse(text);
    }

    /**
     * Parses a body that must be one JSON object.
     *
     * @throws ApiException 400 {@code MALFORMED_JSON} if it is empty, not JSON, or not an object
     */
    static JsonBody parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("MALFORMED_JSON", "the request body is empty; send a JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "the request body is not valid JSON: "
                    + e.getOriginalMessage() + location(e));
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("MALFORMED_JSON", "the request body must be a JSON object, not "
                    + (root == null ? "nothing" : describe(root)));
        }
        return new JsonBody(root);
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** A required, non-blank string. */
    String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> missing(field, "a string"));
    }

    /** An optional string; blank counts as absent. */
    Optional<String> optionalString(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw wrongType(field, "a string", n);
        }
        return n.textValue().isBlank() ? Optional.empty() : Optional.of(unicode(field, n.textValue()));
    }

    /** An optional whole number. */
    Optional<Integer> optionalInt(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(field, "a whole number", n);
        }
        return Optional.of(n.intValue());
    }

    /** A required, non-empty array of strings. */
    List<String> requiredStrings(String field) {
        JsonNode n = node(field);
        if (n == null) {
            throw missing(field, "an array of strings");
        }
        if (!n.isArray()) {
            throw wrongType(field, "an array of strings", n);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode item = n.get(i);
            if (!item.isTextual()) {
                throw wrongType(field + "[" + i + "]", "a string", item);
            }
            out.add(unicode(field + "[" + i + "]", item.textValue()));
        }
        if (out.isEmpty()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must not be empty");
        }
        return out;
    }

    /** True if {@code field} is present and is an object. */
    boolean isObject(String field) {
        JsonNode n = node(field);
        return n != null && n.isObject();
    }

    /** A required, non-empty object whose values are whole numbers, in the order given. */
    Map<String, Integer> requiredIntegers(String field) {
        JsonNode n = node(field);
        if (n == null) {
            throw missing(field, "an object of whole numbers");
        }
        if (!n.isObject()) {
            throw wrongType(field, "an object of whole numbers", n);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw wrongType(field + "." + e.getKey(), "a whole number", v);
            }
            out.put(unicode(field + " key", e.getKey()), v.intValue());
        });
        if (out.isEmpty()) {
            throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must not be empty");
        }
        return out;
    }

    /** An optional object whose values are strings, numbers or booleans (the store's metadata types). */
    Map<String, Object> optionalMetadata(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw wrongType(field, "an object of strings, numbers and booleans", n);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            Object value;
            unicode(field + " key", e.getKey());
            if (v.isTextual()) {
                value = unicode(field + "." + e.getKey(), v.textValue());
            } else if (v.isBoolean()) {
                value = v.booleanValue();
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                value = v.longValue();
            } else if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())) {
                value = v.doubleValue();
            } else {
                throw wrongType(field + "." + e.getKey(), "a string, a finite number or a boolean", v);
            }
            out.put(e.getKey(), value);
        });
        return out;
    }

    /**
     * JSON's {@code \\ud800} escapes can spell a lone UTF-16 surrogate, which is no character: it
     * cannot be stored as UTF-8 and would read back as something else, so it is refused here.
     */
    private static String unicode(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badRequest("INVALID_FIELD", "field '" + field + "' holds an unpaired UTF-16"
                        + String.format(" surrogate \\u%04x at index %d; send valid Unicode text", (int) c, i));
            }
        }
        return value;
    }

    private static ApiException missing(String field, String what) {
        return ApiException.badRequest("MISSING_FIELD", "field '" + field + "' is required: " + what);
    }

    private static ApiException wrongType(String field, String expected, JsonNode got) {
        return ApiException.badRequest("INVALID_FIELD", "field '" + field + "' must be " + expected + ", not "
                + describe(got));
    }

    private static String describe(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> "null";
        };
    }
}
