package dev.agentmemory.mcp.internal;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thread-safe: immutable once loaded. The tools' names, descriptions and input schemas, read from
 * JSON resources beside this class: {@code graph-tools.json} (the reference memory server's
 * schemas, unchanged) and {@code memory-tools.json} (the store's own tools). Keeping them as data
 * lets a test compare the graph schemas with the reference server's, key by key.
 */
public final class ToolCatalog {
    private final Map<String, McpSchema.Tool> tools;

    private ToolCatalog(Map<String, McpSchema.Tool> tools) {
        this.tools = tools;
    }

    /** Loads one resource of tool definitions. */
    public static ToolCatalog load(McpJsonMapper json, String resource) {
        try (InputStream in = ToolCatalog.class.getResourceAsStream("/dev/agentmemory/mcp/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("tool definitions " + resource + " are missing from the jar");
            }
            List<Map<String, Object>> entries = json.readValue(in.readAllBytes(), new TypeRef<>() {});
            Map<String, McpSchema.Tool> tools = new LinkedHashMap<>();
            for (Map<String, Object> e : entries) {
                String name = (String) e.get("name");
                McpSchema.ToolAnnotations hints = new McpSchema.ToolAnnotations((String) e.get("title"),
                        (Boolean) e.get("readOnly"), (Boolean) e.get("destructive"), (Boolean) e.get("idempotent"), false,
                        null);
                @SuppressWarnings("unchecked")
                Map<String, Object> schema = (Map<String, Object>) e.get("inputSchema");
                tools.put(name, McpSchema.Tool.builder().name(name).title((String) e.get("title"))
                        .description((String) e.get("description")).inputSchema(schema).annotations(hints).build());
            }
            return new ToolCatalog(Map.copyOf(tools));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tool definitions " + resource, e);
        }
    }

    /**
     * The definition of one tool.
     *
     * @throws IllegalStateException if the resource does not define it
     */
    public McpSchema.Tool tool(String name) {
        McpSchema.Tool tool = tools.get(name);
        if (tool == null) {
            throw new IllegalStateException("no definition for tool " + name + "; defined: " + tools.keySet());
        }
        return tool;
    }

    /** The names of every tool defined. */
    public java.util.Set<String> names() {
        return tools.keySet();
    }
}
