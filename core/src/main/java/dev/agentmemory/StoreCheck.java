package dev.agentmemory;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Immutable and thread-safe: what {@link MemoryStore#check()} found: the database's schema version
 * and the verdict of the database's own integrity check.
 *
 * @param store the backend and location, as {@link MemoryStore#describe()}
 * @param schemaVersion the schema version the database is at; empty for a backend without one
 * @param integrity the verdict of the database's integrity check
 * @param detail what the check reported, in the database's words ({@code ok}, the problems it
 *     listed), or why no check is available
 */
public record StoreCheck(String store, OptionalInt schemaVersion, Integrity integrity, String detail) {

    /** The verdict of a database's own integrity check. */
    public enum Integrity {
        /** The check ran and found nothing wrong. */
        OK,
        /** The check ran and reported problems; {@link #detail()} lists them. */
        DAMAGED,
        /** The backend has no integrity check; {@link #detail()} says what to use instead. */
        NOT_AVAILABLE
    }

    /** Checks the fields. */
    public StoreCheck {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(detail, "detail");
    }
}
