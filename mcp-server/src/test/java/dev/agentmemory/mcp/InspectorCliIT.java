package dev.agentmemory.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outside client: the official MCP Inspector's command-line mode (npm
 * {@code @modelcontextprotocol/inspector}) starts our server over stdio, lists its tools and calls
 * them. {@code MCP_INSPECTOR} names its {@code mcp-inspector} command; without it the test is
 * skipped, except under CI ({@code CI=true}), where it fails so that a missing install shows.
 */
class InspectorCliIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void the_mcp_inspector_lists_and_calls_our_tools() throws Exception {
        String inspector = System.getenv("MCP_INSPECTOR");
        if (inspector == null || inspector.isBlank() || !Files.isExecutable(Path.of(inspector))) {
            assertThat(System.getenv("CI")).as("CI=true needs MCP_INSPECTOR: install @modelcontextprotocol/inspector "
                    + "with npm and point MCP_INSPECTOR at its node_modules/.bin/mcp-inspector").isNotEqualTo("true");
            Assumptions.abort("MCP_INSPECTOR is not set: the MCP Inspector is not installed here");
        }
        String store = "sqlite:" + dir.resolve("inspector.db");
        String[] server = McpClients.serverCommand("--store", store, "--embedder", TestEmbedder.class.getName())
                .toArray(String[]::new);

        Map<String, Object> listed = run(inspector, server, "--method", "tools/list");
        assertThat(McpServerHttpTest.field(listed.get("tools"), "name")).hasSize(18).contains("create_entities",
                "search_nodes", "remember", "recall");

        Map<String, Object> created = run(inspector, server, "--method", "tools/call", "--tool-name", "create_entities",
                "--tool-arg", "entities=[{\"name\":\"Ada\",\"entityType\":\"person\",\"observations\":[\"Writes programs\"]}]");
        assertThat(created.get("isError")).isEqualTo(false);

        // A second process, a second inspector run: the entity is in the store.
        Map<String, Object> found = run(inspector, server, "--method", "tools/call", "--tool-name", "search_nodes",
                "--tool-arg", "query=programs");
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) found.get("structuredContent");
        assertThat(McpServerHttpTest.entities(structured)).containsExactly("Ada");
    }

    private Map<String, Object> run(String inspector, String[] server, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(inspector, "--cli"));
        cmd.addAll(List.of(server));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "inspector", ".json");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("inspector output: %s", text).isZero();
        return McpJsonDefaults.getMapper().readValue(text, new TypeRef<Map<String, Object>>() {});
    }
}
