/**
 * The {@code agent-memory} command-line tool: JSON Lines export and import, copies between
 * backends verified by checksum, stats, check, and the MCP server.
 */
package dev.agentmemory.cli;
