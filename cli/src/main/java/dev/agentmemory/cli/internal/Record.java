package dev.agentmemory.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentmemory.MemoryId;
import dev.agentmemory.ValidationException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Confined to the calling thread: one parsed line of an export, with checked accessors that name
 * the line when a field is missing or malformed.
 */
final class Record {
    final int line;
    final ObjectNode node;

    Record(int line, ObjectNode node) {
        this.line = line;
        this.node = node;
    }

    static Record parse(int line, String text) {
        JsonNode node;
        try {
            node = Jsonl.JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInput(line, "not valid JSON (a truncated or hand-edited line?): "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadInput(line, "not a JSON object");
        }
        return new Record(line, (ObjectNode) node);
    }

    String type() {
        return text("type");
    }

    String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new BadInput(line, "'" + field + "' must be a string" + (v == null ? " and is missing" : ""));
        }
        return v.textValue();
    }

    long whole(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new BadInput(line, "'" + field + "' must be a whole number");
        }
        return v.longValue();
    }

    double number(String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
            throw new BadInput(line, "'" + field + "' must be a finite number");
        }
        return v.doubleValue();
    }

    MemoryId id(String field) {
        try {
            return MemoryId.parse(text(field));
        } catch (ValidationException e) {
            throw new BadInput(line, "'" + field + "': " + e.getMessage());
        }
    }

    Instant instant(String field) {
        try {
            return Instant.parse(text(field));
        } catch (DateTimeParseException e) {
            throw new BadInput(line, "'" + field + "' is not an ISO-8601 instant");
        }
    }

    boolean has(String field) {
        return node.hasNonNull(field);
    }

    /** This record without the fields an import cannot restore, as the checksum saw it. */
    ObjectNode portable() {
        ObjectNode copy = node.deepCopy();
        copy.remove(java.util.List.of("created_at", "updated_at", "version", "count_at_start"));
        if (type().equals("message")) {
            copy.remove("id");
        }
        return copy;
    }
}
