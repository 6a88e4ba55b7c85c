/**
 * The agent-memory web demo: a Javalin server whose request threads share one
 * {@link dev.agentmemory.MemoryStore}, a JSON API over it, and a page to use it. It uses only the
 * public API (an architecture rule checks it); the backends are runtime dependencies found by
 * the store URI. See {@code docs/WEB_DEMO.md}.
 */
package dev.agentmemory.demo;
