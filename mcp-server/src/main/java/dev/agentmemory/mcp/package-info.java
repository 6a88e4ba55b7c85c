/**
 * An MCP (Model Context Protocol) server over agent-memory: the reference memory server's
 * knowledge-graph tools, with the same names and input schemas, mapped onto memories and typed
 * links, and the store's own tools. Start it with {@link dev.agentmemory.mcp.Main}; embed it with
 * {@link dev.agentmemory.mcp.MemoryMcpServer} and {@link dev.agentmemory.mcp.McpHttpServer}.
 */
package dev.agentmemory.mcp;
