package dev.agentmemory.tck.confinement;

import java.util.List;

/**
 * Immutable and thread-safe: one misuse of a confined connection.
 *
 * @param summary one line: the connection, its borrower, the method and the offending thread
 * @param stack where the misuse happened, innermost frame first
 */
record Violation(String summary, List<String> stack) {
    Violation {
        stack = List.copyOf(stack);
    }
}
