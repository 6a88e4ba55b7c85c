package dev.agentmemory.mcp.internal;

import dev.agentmemory.mcp.ToolArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable and thread-safe: the arguments of one tool call, read with checks. Every method
 * throws {@link ToolArgumentException} naming the argument and what was expected, so a model
 * sees at once how to fix the call.
 */
public final class Args {
    private final Map<String, Object> values;
    private final String path;

    private Args(Map<String, Object> values, String path) {
        this.values = values == null ? Map.of() : values;
        this.path = path;
    }

    /** The top-level arguments of a call (null means none). */
    public static Args of(Map<String, Object> arguments) {
        return new Args(arguments, "");
    }

    /** A required, non-blank string. */
    public String string(String name) {
        return optString(name).orElseThrow(() -> missing(name, "a string"));
    }

    /** An optional string; present but not a string is an error. */
    public Optional<String> optString(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw wrong(name, "a string", v);
        }
        return Optional.of(s);
    }

    /** A required string that is not empty or blank. */
    public String nonBlank(String name) {
        String s = string(name);
        if (s.isBlank()) {
            throw new ToolArgumentException(where(name) + " must not be empty");
        }
        return s;
    }

    /** An optional whole number within {@code [min, max]}. */
    public Optional<Long> optLong(String name, long min, long max) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw wrong(name, "a whole number", v);
        }
        long l = n.longValue();
        if (l < min || l > max) {
            throw new ToolArgumentException(where(name) + " must be between " + min + " and " + max + ", got " + l);
        }
        return Optional.of(l);
    }

    /** An optional whole number within {@code [min, max]}, or {@code fallback}. */
    public int intOr(String name, int fallback, int min, int max) {
        return optLong(name, min, max).map(Long::intValue).orElse(fallback);
    }

    /** An optional finite number. */
    public Optional<Double> optDouble(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw wrong(name, "a finite number", v);
        }
        return Optional.of(n.doubleValue());
    }

    /** A required array of strings (may be empty). */
    public List<String> strings(String name) {
        return optStrings(name).orElseThrow(() -> missing(name, "an array of strings"));
    }

    /** An optional array of strings. */
    public Optional<List<String>> optStrings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof List<?> list)) {
            throw wrong(name, "an array of strings", v);
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw wrong(name + "[" + i + "]", "a string", list.get(i));
            }
            out.add(s);
        }
        return Optional.of(out);
    }

    /** A required array of objects, each read as arguments of its own. */
    public List<Args> objects(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw missing(name, "an array of objects");
        }
        if (!(v instanceof List<?> list)) {
            throw wrong(name, "an array of objects", v);
        }
        List<Args> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(object(name + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    /** An optional object of string keys, for example metadata. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> optMap(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw wrong(name, "an object", v);
        }
        return Optional.of((Map<String, Object>) v);
    }

    @SuppressWarnings("unchecked")
    private Args object(String name, Object v) {
        if (!(v instanceof Map<?, ?>)) {
            throw wrong(name, "an object", v);
        }
        return new Args((Map<String, Object>) v, where(name) + ".");
    }

    private String where(String name) {
        return "'" + path + name + "'";
    }

    private ToolArgumentException missing(String name, String expected) {
        return new ToolArgumentException("missing argument " + where(name) + ": expected " + expected);
    }

    private ToolArgumentException wrong(String name, String expected, Object got) {
        String shown = String.valueOf(got);
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        String kind = got instanceof String ? "a string" : got instanceof Number ? "a number"
                : got instanceof Boolean ? "a boolean" : got instanceof List ? "an array" : got instanceof Map ? "an object"
                : "a " + got.getClass().getSimpleName();
        return new ToolArgumentException("argument " + where(name) + " must be " + expected + ", got " + kind + " ("
                + shown + ")");
    }
}
