package dev.agentmemory;

/**
 * Immutable and thread-safe: a message to append to a conversation.
 *
 * @param role who says it: an identifier such as {@code user}, {@code assistant}, {@code system}
 * @param text what is said: not empty, at most {@link Limits#maxContentChars()} chars
 *
 * <p>The store validates a draft when it is appended, not when it is built.
 */
public record MessageDraft(String role, String text) {}
