package dev.agentmemory.demo;

import static dev.agentmemory.demo.TestServer.ALICE_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.demo.TestServer.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets a 4xx with {@code {"error":{"code","message"}}} that says what is wrong: never a
 * 500, never a stack trace. The server's own 5xx count is checked at the end.
 */
class BadInputIT {
    private static final String NOTES = "/api/namespaces/personal/notes";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        long errors = server.server.serverErrors();
        server.close();
        assertThat(errors).as("5xx answers to bad input").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":", "not json", "{\"text\":\"a\",}", "{'text':'a'}", "{\"text\":\"a\"} trailing",
            "{\"text\":\"a\",\"text\":\"b\"}"})
    void malformed_json_is_400(String body) throws Exception {
        server.post(NOTES, ALICE_KEY, body).isError(400, "MALFORMED_JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[]", "[{\"text\":\"a\"}]", "\"text\"", "42", "null"})
    void a_body_that_is_not_one_object_is_400(String body) throws Exception {
        server.post(NOTES, ALICE_KEY, body).isError(400, "MALFORMED_JSON");
    }

    @Test
    void deep_nesting_is_400() throws Exception {
        String deep = "{\"text\":\"a\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        server.post(NOTES, ALICE_KEY, deep).isError(400, "MALFORMED_JSON");
    }

    @Test
    void missing_fields_are_400_naming_the_field() throws Exception {
        assertThat(server.post(NOTES, ALICE_KEY, "{}").isError(400, "MISSING_FIELD").message()).contains("'text'");
        assertThat(server.post(NOTES, ALICE_KEY, "{\"text\":\"   \"}").isError(400, "MISSING_FIELD").message()).contains("'text'");
        assertThat(server.post("/api/search", ALICE_KEY, "{\"query\":\"q\"}").isError(400, "MISSING_FIELD").message())
                .contains("'namespaces'");
        assertThat(server.post("/api/search", ALICE_KEY, "{\"namespaces\":[\"personal\"]}").isError(400, "MISSING_FIELD").message())
                .contains("'query'");
        assertThat(server.post("/api/conversations/s1/messages", ALICE_KEY, "{\"text\":\"hi\"}").isError(400, "MISSING_FIELD")
                .message()).contains("'role'");
    }

    @Test
    void wrong_types_are_400_naming_the_field_and_the_type() throws Exception {
        assertThat(server.post(NOTES, ALICE_KEY, "{\"text\":5}").isError(400, "INVALID_FIELD").message())
                .contains("'text'", "string", "number");
        server.post(NOTES, ALICE_KEY, "{\"text\":[\"a\"]}").isError(400, "INVALID_FIELD");
        server.post(NOTES, ALICE_KEY, "{\"text\":{\"a\":1}}").isError(400, "INVALID_FIELD");
        server.post(NOTES, ALICE_KEY, "{\"text\":true}").isError(400, "INVALID_FIELD");
        assertThat(server.post(NOTES, ALICE_KEY, "{\"text\":\"a\",\"metadata\":[1]}").isError(400, "INVALID_FIELD").message())
                .contains("'metadata'");
        assertThat(server.post(NOTES, ALICE_KEY, "{\"text\":\"a\",\"metadata\":{\"k\":{\"nested\":1}}}")
                .isError(400, "INVALID_FIELD").message()).contains("metadata.k");
        server.post(NOTES, ALICE_KEY, "{\"text\":\"a\",\"metadata\":{\"k\":[1,2]}}").isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, "{\"query\":\"q\",\"namespaces\":\"personal\"}").isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, "{\"query\":\"q\",\"namespaces\":[1]}").isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, "{\"query\":\"q\",\"namespaces\":[]}").isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, "{\"query\":\"q\",\"namespaces\":[\"personal\"],\"topK\":\"5\"}")
                .isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, "{\"query\":\"q\",\"namespaces\":[\"personal\"],\"topK\":2.5}")
                .isError(400, "INVALID_FIELD");
        server.post("/api/search", ALICE_KEY, "{\"query\":\"q\",\"namespaces\":[\"personal\"],\"topK\":99999999999}")
                .isError(400, "INVALID_FIELD");
        server.post("/api/conversations/s1/messages", ALICE_KEY, "{\"role\":1,\"text\":\"hi\"}").isError(400, "INVALID_FIELD");
    }

    @Test
    void out_of_range_numbers_are_400() throws Exception {
        server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", List.of("personal"), "topK", 0))
                .isError(400, "LIMIT_EXCEEDED");
        server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", List.of("personal"), "topK", 51))
                .isError(400, "LIMIT_EXCEEDED");
        server.post("/api/search", ALICE_KEY, Json.object("query", "q",
                "namespaces", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"))).isError(400, "INVALID_FIELD");
        server.get(NOTES + "?limit=0", ALICE_KEY).isError(400, "LIMIT_EXCEEDED");
        server.get(NOTES + "?limit=101", ALICE_KEY).isError(400, "LIMIT_EXCEEDED");
        server.get(NOTES + "?limit=ten", ALICE_KEY).isError(400, "INVALID_PARAMETER");
        server.get("/api/conversations/s1/messages?last=-1", ALICE_KEY).isError(400, "LIMIT_EXCEEDED");
        server.get("/api/conversations/s1/messages?last=x", ALICE_KEY).isError(400, "INVALID_PARAMETER");
    }

    @Test
    void a_forged_cursor_is_400() throws Exception {
        server.get(NOTES + "?cursor=not-a-cursor", ALICE_KEY).isError(400, "INVALID_CURSOR");
    }

    @Test
    void a_body_over_64_kib_is_413() throws Exception {
        String big = Json.object("text", "x".repeat(70 * 1024));
        assertThat(server.post(NOTES, ALICE_KEY, big).isError(413, "PAYLOAD_TOO_LARGE").message()).contains("65536");
    }

    @Test
    void a_chunked_body_over_64_kib_is_413_too() throws Exception {
        byte[] big = Json.object("text", "y".repeat(70 * 1024)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base + NOTES))
                .header("Authorization", "Bearer " + ALICE_KEY)
                // An InputStream publisher has no known length, so the client sends the body chunked.
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        var reply = server.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        TestServer.Reply.of(reply).isError(413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void text_over_the_limit_is_413_with_the_limit_in_the_message() throws Exception {
        String message = server.post(NOTES, ALICE_KEY, Json.object("text", "z".repeat(4_001)))
                .isError(413, "CONTENT_TOO_LARGE").message();
        assertThat(message).contains("4001", "4000");
        server.post("/api/conversations/s1/messages", ALICE_KEY, Json.object("role", "user", "text", "z".repeat(4_001)))
                .isError(413, "CONTENT_TOO_LARGE");
    }

    @Test
    void too_much_metadata_is_400() throws Exception {
        Map<String, Object> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 17; i++) {
            many.put("k" + i, i);
        }
        server.post(NOTES, ALICE_KEY, Json.object("text", "a", "metadata", many)).isError(400, "INVALID_METADATA");
        server.post(NOTES, ALICE_KEY, Json.object("text", "a", "metadata", Map.of("bad key!", 1))).isError(400, "INVALID_IDENTIFIER");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad%20name", "-starts-with-dash", "%C3%A9t%C3%A9", "a%2Fb",
            "x123456789012345678901234567890123456789012345678901234567890abcd"})
    void invalid_namespace_names_are_400(String namespace) throws Exception {
        server.post("/api/namespaces/" + namespace + "/notes", ALICE_KEY, Json.object("text", "a"))
                .isError(400, "INVALID_IDENTIFIER");
    }

    @Test
    void invalid_names_inside_a_search_or_a_session_are_400() throws Exception {
        server.post("/api/search", ALICE_KEY, Json.object("query", "q", "namespaces", List.of("ok", "not ok")))
                .isError(400, "INVALID_IDENTIFIER");
        server.post("/api/conversations/bad%20session/messages", ALICE_KEY, Json.object("role", "user", "text", "hi"))
                .isError(400, "INVALID_IDENTIFIER");
        server.post("/api/conversations/s1/messages", ALICE_KEY, Json.object("role", "no such role!", "text", "hi"))
                .isError(400, "INVALID_IDENTIFIER");
    }

    @Test
    void a_malformed_memory_id_is_400_and_an_unknown_one_404() throws Exception {
        server.get(NOTES + "/not-a-uuid", ALICE_KEY).isError(400, "INVALID_ARGUMENT");
        server.delete(NOTES + "/not-a-uuid", ALICE_KEY).isError(400, "INVALID_ARGUMENT");
        server.get(NOTES + "/01a209ed-c76f-7000-b15b-9e14d28a3162", ALICE_KEY).isError(404, "NOT_FOUND");
    }

    @Test
    void text_the_embedder_cannot_read_is_400() throws Exception {
        server.post(NOTES, ALICE_KEY, Json.object("text", "\u200b")).isError(400, "INVALID_ARGUMENT");
    }

    @Test
    void unknown_routes_and_methods_are_json_404_and_405() throws Exception {
        server.get("/api/nothing-here", ALICE_KEY).isError(404, "NOT_FOUND");
        server.send("PUT", "/api/search", ALICE_KEY, "{}").isError(405, "METHOD_NOT_ALLOWED");
        server.send("PATCH", NOTES, ALICE_KEY, "{}").isError(405, "METHOD_NOT_ALLOWED");
    }
}
