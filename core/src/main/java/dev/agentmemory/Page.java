package dev.agentmemory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable and thread-safe: one page of a listing, and the cursor of the next page.
 *
 * @param items the items of this page, in the listing's order (memories by id, that is creation; names ascending)
 * @param nextCursor where the next page starts, empty on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }

    /** True if there is a next page. */
    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
