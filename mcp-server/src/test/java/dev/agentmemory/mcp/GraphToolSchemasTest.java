package dev.agentmemory.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.mcp.internal.ToolCatalog;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Agent configurations made for the reference memory server keep working only if our graph tools
 * take exactly its arguments. {@code reference/server-memory-input-schemas.json} is the
 * {@code tools/list} answer of {@code @modelcontextprotocol/server-memory} 2026.8.31 (npm),
 * recorded as name to input schema.
 */
class GraphToolSchemasTest {
    @Test
    void graph_tools_take_exactly_the_reference_servers_input_schemas() throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        Map<String, Map<String, Object>> reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/server-memory-input-schemas.json")) {
            reference = json.readValue(in.readAllBytes(), new TypeRef<Map<String, Map<String, Object>>>() {});
        }
        ToolCatalog ours = ToolCatalog.load(json, "graph-tools.json");
        assertThat(ours.names()).containsExactlyInAnyOrderElementsOf(reference.keySet());
        for (Map.Entry<String, Map<String, Object>> e : reference.entrySet()) {
            Map<String, Object> expected = new HashMap<>(e.getValue());
            // The draft marker only says which JSON Schema dialect the listing used.
            expected.remove("$schema");
            assertThat(ours.tool(e.getKey()).inputSchema()).as(e.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void every_tool_has_a_description_that_states_a_limit_or_rule() {
        ToolCatalog graph = ToolCatalog.load(McpJsonDefaults.getMapper(), "graph-tools.json");
        ToolCatalog own = ToolCatalog.load(McpJsonDefaults.getMapper(), "memory-tools.json");
        for (ToolCatalog c : new ToolCatalog[] {graph, own}) {
            for (String name : c.names()) {
                assertThat(c.tool(name).description()).as(name).hasSizeBetween(60, 420);
                assertThat(c.tool(name).annotations().readOnlyHint()).as(name).isNotNull();
            }
        }
    }
}
