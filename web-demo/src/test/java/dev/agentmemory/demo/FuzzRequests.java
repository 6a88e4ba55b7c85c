package dev.agentmemory.demo;

import static dev.agentmemory.demo.BadInputFuzzIT.concat;
import static dev.agentmemory.demo.BadInputFuzzIT.utf8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Confined to the test thread. Generates requests for {@link BadInputFuzzIT} from a seeded
 * {@link Random}: a valid request with one or more parts made hostile, so that most requests
 * get past the parts that are fine and reach the one that is not.
 */
final class FuzzRequests {
    static final String NAMESPACE = "fuzz";

    enum Endpoint { PUT_NOTE, LIST_NOTES, GET_NOTE, DELETE_NOTE, SEARCH, APPEND_MESSAGE, LAST_MESSAGES, ME, STATS }

    /** One request: what the raw client sends. */
    record Request(Endpoint endpoint, byte[] head, byte[] body) {
        @Override
        public String toString() {
            String h = new String(head, StandardCharsets.UTF_8);
            String b = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return endpoint + " [" + abbreviate(h) + "] body [" + abbreviate(b) + "]";
        }

        private static String abbreviate(String s) {
            String escaped = s.replace("\r\n", "\\r\\n").replace("\u0000", "\\0");
            return escaped.length() <= 300 ? escaped : escaped.substring(0, 300) + "...(" + escaped.length() + " chars)";
        }
    }

    /** Strings that have broken other servers, in every field, parameter, header and segment. */
    static final List<String> HOSTILE = List.of("'; DROP TABLE memories; --", "%", "_", "%_%", "a%b_c", "\u0000",
            "a\u0000b", "../", "../../etc/passwd", "..\\..\\windows", "<script>alert(1)</script>", "\" OR 1=1 --",
            "${jndi:ldap://x/a}", "", " ", "\t", "é", "日本語", "\u202e", "\uFEFF", "NaN", "Infinity", "null", "-1",
            "%00", "%2e%2e%2f", "line\nbreak", "x".repeat(5_000), "y".repeat(70_000), "\\", "'", "\"", "*", "?", "#");

    /** JSON values (as text) for a field that wants a string or a number. */
    static final List<String> JSON_VALUES = List.of("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400",
            "123456789012345678901234567890", "-0", "0", "-1", "2.5", "true", "false", "null", "[]", "{}", "[1,\"a\"]",
            "{\"a\":{\"b\":1}}", "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"\"", "\"   \"",
            "[".repeat(40) + "]".repeat(40), "0x10", "01", "1.", ".5", "+1", "'single'", "\"unterminated");

    static final List<String> AUTH_HEADERS = List.of("Authorization: Bearer", "Authorization: Bearer ",
            "Authorization: Basic YWxpY2U6cGFzc3dvcmQ=", "Authorization: bearer%s extra", "Authorization: Bearer%s",
            "Authorization: Bearer '; DROP TABLE memories; --", "Authorization: Bearer \u0000",
            "Authorization: Bearer ../../", "X-Api-Key: %", "X-Api-Key: _", "Authorization: Bearer <script>",
            "Authorization: Bearer " + "k".repeat(9_000), "Authorization: %s", "Authorization: Bearer %s\u0000",
            "Authorization:", "X-Api-Key:", "Authorization: Token %s");

    private final Random random;
    private final String key;
    private final List<String> ids = new ArrayList<>();

    FuzzRequests(Random random, String key) {
        this.random = random;
        this.key = key;
        for (int i = 0; i < 4; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
    }

    /**
     * Valid requests whose text, metadata, query and message carry each hostile string: stored
     * (and then read back exactly) or refused with a 4xx, nothing else.
     */
    List<Request> roundTrips() {
        List<Request> out = new ArrayList<>();
        String auth = "\r\nAuthorization: Bearer " + key;
        for (String s : HOSTILE.subList(0, 22)) {
            String q = quote("kept as sent: " + s);
            out.add(new Request(Endpoint.PUT_NOTE, utf8("POST /api/namespaces/" + NAMESPACE + "/notes HTTP/1.1" + auth),
                    utf8("{\"text\":" + q + ",\"metadata\":{\"s\":" + quote(s) + "}}")));
            out.add(new Request(Endpoint.APPEND_MESSAGE, utf8("POST /api/conversations/chat-1/messages HTTP/1.1" + auth),
                    utf8("{\"role\":\"user\",\"text\":" + q + "}")));
            out.add(new Request(Endpoint.SEARCH, utf8("POST /api/search HTTP/1.1" + auth),
                    utf8("{\"query\":" + q + ",\"namespaces\":[\"" + NAMESPACE + "\"]}")));
        }
        return out;
    }

    Request next() {
        Endpoint e = Endpoint.values()[random.nextInt(Endpoint.values().length)];
        String method = switch (e) {
            case PUT_NOTE, SEARCH, APPEND_MESSAGE -> "POST";
            case DELETE_NOTE -> "DELETE";
            default -> "GET";
        };
        String ns = maybe(0.3) ? hostileSegment() : NAMESPACE;
        String session = maybe(0.3) ? hostileSegment() : "chat-1";
        String id = maybe(0.5) ? hostileSegment() : pick(ids);
        String path = switch (e) {
            case PUT_NOTE, LIST_NOTES -> "/api/namespaces/" + ns + "/notes";
            case GET_NOTE, DELETE_NOTE -> "/api/namespaces/" + ns + "/notes/" + id;
            case SEARCH -> "/api/search";
            case APPEND_MESSAGE, LAST_MESSAGES -> "/api/conversations/" + session + "/messages";
            case ME -> "/api/me";
            case STATS -> "/api/stats";
        };
        if (maybe(0.3)) {
            String param = pick(List.of("limit", "cursor", "last", "topK", "q", pick(HOSTILE)));
            path += "?" + encode(param) + "=" + (maybe(0.5) ? hostileSegment() : pick(JSON_VALUES));
        }
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1");
        head.append("\r\n").append(maybe(0.15) ? pick(AUTH_HEADERS).replace("%s", key) : "Authorization: Bearer " + key);
        if (maybe(0.15)) {
            head.append("\r\nIdempotency-Key: ").append(pick(HOSTILE).replace("\r", "").replace("\n", ""));
        }
        if (maybe(0.15)) {
            head.append("\r\nX-Tenant: ").append(pick(HOSTILE).replace("\n", "")).append("\r\nX-Forwarded-For: ../");
        }
        if (maybe(0.1)) {
            head.append("\r\nContent-Type: ").append(pick(List.of("text/plain", "application/json; charset=latin1",
                    "multipart/form-data; boundary=x", "application/x-www-form-urlencoded")));
        }
        byte[] body = switch (e) {
            case PUT_NOTE -> body(List.of("text", "metadata"));
            case SEARCH -> body(List.of("query", "namespaces", "topK"));
            case APPEND_MESSAGE -> body(List.of("role", "text"));
            default -> maybe(0.2) ? body(List.of("text")) : null;
        };
        // Raw bytes are sent as they are: a hostile string may hold bytes no client library would send.
        return new Request(e, head.toString().getBytes(StandardCharsets.UTF_8), body);
    }

    /** A body with these fields, some valid, some hostile, some missing; sometimes not JSON at all. */
    private byte[] body(List<String> fields) {
        double shape = random.nextDouble();
        if (shape < 0.06) {
            return utf8(pick(List.of("", " ", "[]", "null", "42", "\"text\"", "{", "{\"text\":\"a\"} trailing",
                    "{\"text\":\"a\",\"text\":\"b\"}", "{" + "\"a\":{".repeat(100) + "}".repeat(101))));
        }
        if (shape < 0.12) {
            // Invalid UTF-8 inside a string: a lone continuation byte, an overlong form, a surrogate, a truncated sequence.
            byte[] bad = pick(List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82},
                    new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
            return concat(utf8("{\"" + fields.get(0) + "\":\"a"), bad, utf8("b\"," + validRest(fields) + "}"));
        }
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            double roll = random.nextDouble();
            if (roll < 0.1) {
                continue; // missing
            }
            String value = roll < 0.6 ? valid(field) : roll < 0.85 ? quote(pick(HOSTILE)) : hostileValue(field);
            json.append(json.length() > 1 ? "," : "").append(quote(field)).append(':').append(value);
        }
        if (maybe(0.1)) {
            json.append(json.length() > 1 ? "," : "").append("\"tenant\":\"bob\",\"id\":\"").append(pick(ids)).append('"');
        }
        return utf8(json.append('}').toString());
    }

    private String validRest(List<String> fields) {
        StringBuilder out = new StringBuilder("\"x\":1");
        for (String f : fields.subList(1, fields.size())) {
            out.append(',').append(quote(f)).append(':').append(valid(f));
        }
        return out.toString();
    }

    private String valid(String field) {
        return switch (field) {
            case "text", "query" -> quote("note " + random.nextInt(1_000) + " " + pick(HOSTILE.subList(0, 13)));
            case "metadata" -> "{\"source\":" + quote(pick(HOSTILE.subList(0, 13))) + ",\"n\":" + random.nextInt(100) + "}";
            case "namespaces" -> "[\"" + NAMESPACE + "\"]";
            case "topK" -> String.valueOf(1 + random.nextInt(10));
            case "role" -> "\"user\"";
            default -> "1";
        };
    }

    private String hostileValue(String field) {
        return switch (field) {
            case "metadata" -> pick(List.of("{\"k\":NaN}", "{\"k\":1e400}", "{\"k\":-1e400}", "{\"k\":Infinity}",
                    "{\"k\":123456789012345678901234567890}", "{\"k\":{\"deep\":[1]}}", "{\"k\":null}", "{\"\":1}",
                    "{\"" + "k".repeat(100) + "\":1}", "{\"k\":\"" + "v".repeat(600) + "\"}", manyEntries(),
                    "{" + quote(pick(HOSTILE)) + ":1}", "{\"k\":" + quote(pick(HOSTILE)) + "}", "[]", "\"meta\""));
            case "namespaces" -> pick(List.of("[" + quote(pick(HOSTILE)) + "]", "[\"fuzz\"," + quote(pick(HOSTILE)) + "]",
                    "[\"demo.idempotency\"]", "[" + "\"a\",".repeat(20) + "\"b\"]", "[1]", "[null]", "\"fuzz\"", "[]"));
            default -> pick(JSON_VALUES);
        };
    }

    private String manyEntries() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            out.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return out.append('}').toString();
    }

    /** A hostile path segment or parameter value: percent-encoded, or raw when the bytes fit a request line. */
    private String hostileSegment() {
        String s = pick(HOSTILE);
        if (s.length() > 3_000) {
            s = s.substring(0, 3_000);
        }
        return maybe(0.7) || s.chars().anyMatch(c -> c <= ' ' || c >= 0x7f) ? encode(s) : s;
    }

    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static String quote(String s) {
        try {
            return JsonBody.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private boolean maybe(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
