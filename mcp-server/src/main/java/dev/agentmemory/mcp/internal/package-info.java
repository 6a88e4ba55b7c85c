/**
 * The MCP server's machinery: argument checks, the mapping of the knowledge graph onto memories
 * and links, the tool definitions and the HTTP transport. No compatibility promise: use
 * {@link dev.agentmemory.mcp.MemoryMcpServer} and the command line instead.
 */
package dev.agentmemory.mcp.internal;
