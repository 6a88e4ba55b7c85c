package dev.agentmemory;

import java.util.Objects;
import java.util.Optional;

/**
 * Immutable and thread-safe: which page of a namespace to list; each method returns a new query.
 *
 * <p>Pages are in id order, which is creation order. The cursor is keyset-based: a memory
 * that existed when a listing started is returned exactly once however many other threads
 * insert or delete meanwhile (unless it is itself deleted).
 */
public final class ListQuery {
    /** The default page size. */
    public static final int DEFAULT_LIMIT = 100;

    private final int limit;
    private final String cursor;
    private final Filter filter;

    private ListQuery(int limit, String cursor, Filter filter) {
        this.limit = limit;
        this.cursor = cursor;
        this.filter = filter;
    }

    /** The first page, of {@value #DEFAULT_LIMIT} memories. */
    public static ListQuery first() {
        return new ListQuery(DEFAULT_LIMIT, null, null);
    }

    /** The first page, of {@code limit} memories. */
    public static ListQuery first(int limit) {
        return new ListQuery(limit, null, null);
    }

    /** Returns a query for pages of {@code n} memories. */
    public ListQuery limit(int n) {
        return new ListQuery(n, cursor, filter);
    }

    /** Returns a query for the page after {@code nextCursor} (from {@link Page#nextCursor()}). */
    public ListQuery after(String nextCursor) {
        return new ListQuery(limit, Objects.requireNonNull(nextCursor, "cursor"), filter);
    }

    /** Returns a query restricted to memories matching {@code f}. */
    public ListQuery where(Filter f) {
        return new ListQuery(limit, cursor, Objects.requireNonNull(f, "filter"));
    }

    /** The page size. */
    public int limit() {
        return limit;
    }

    /** The cursor, if this is not the first page. */
    public Optional<String> cursor() {
        return Optional.ofNullable(cursor);
    }

    /** The filter, if any. */
    public Optional<Filter> filter() {
        return Optional.ofNullable(filter);
    }
}
