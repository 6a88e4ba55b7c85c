package dev.agentmemory.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Thread-safe: static methods only. Starts SDK clients against our server and reads replies. */
final class McpClients {
    private McpClients() {}

    /** The one-jar build of the server, made by the package phase before the integration tests. */
    static final Path SHADED_JAR = Path.of("target", "agent-memory-mcp.jar");

    /** The java command and classpath of this test JVM, to start servers as real processes. */
    static List<String> serverCommand(String... args) {
        List<String> cmd = java();
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code java -jar agent-memory-mcp.jar args}, as the docs tell users to start it. */
    static List<String> jarCommand(String... args) {
        List<String> cmd = java();
        cmd.add("-jar");
        cmd.add(SHADED_JAR.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> java() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        return cmd;
    }

    /** A client that starts the server as a subprocess and talks to it over its stdin and stdout. */
    static McpSyncClient stdio(String... args) {
        return stdio(serverCommand(args));
    }

    /** A client that starts {@code cmd} and talks to it over its stdin and stdout. */
    static McpSyncClient stdio(List<String> cmd) {
        ServerParameters params = ServerParameters.builder(cmd.get(0)).args(cmd.subList(1, cmd.size())).build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> { });
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    /** A client of an HTTP server on loopback, sending {@code apiKey}. */
    static McpSyncClient http(int port, String apiKey) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint(McpHttpServer.ENDPOINT).requestBuilder(HttpRequest.newBuilder().header("X-API-Key", apiKey))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    /** Calls a tool. */
    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }

    /** Calls a tool that must succeed and returns its reply text parsed as JSON. */
    static <T> T ok(McpSyncClient client, String tool, Map<String, Object> args, TypeRef<T> type) {
        McpSchema.CallToolResult result = call(client, tool, args);
        assertThat(result.isError()).as("%s failed: %s", tool, text(result)).isFalse();
        try {
            return McpJsonDefaults.getMapper().readValue(text(result), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls a tool that must succeed; its reply as a JSON object. */
    static Map<String, Object> ok(McpSyncClient client, String tool, Map<String, Object> args) {
        return ok(client, tool, args, new TypeRef<Map<String, Object>>() {});
    }

    /** Calls a tool that must succeed and returns its reply text. */
    static String done(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult result = call(client, tool, args);
        assertThat(result.isError()).as("%s failed: %s", tool, text(result)).isFalse();
        return text(result);
    }

    /** Calls a tool that must fail and returns the error text. */
    static String error(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult result = call(client, tool, args);
        assertThat(result.isError()).as("%s should have failed but answered %s", tool, text(result)).isTrue();
        return text(result);
    }

    /** The text of a reply. */
    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /** An entity argument as the reference server takes it. */
    static Map<String, Object> entity(String name, String type, String... observations) {
        return Map.of("name", name, "entityType", type, "observations", List.of(observations));
    }
}
