package dev.agentmemory;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable and thread-safe: which memories count as linked to a given one: the links to
 * follow (types and direction), how deep, and how many memories at most; each method returns
 * a new value.
 *
 * <pre>{@code
 * Neighbourhood.of(id).depth(2).types("follows", "mentions").limit(100)
 * }</pre>
 *
 * <p>The walk is breadth first, so with a limit the nearest memories are kept. The memory
 * itself is never part of its neighbourhood.
 */
public final class Neighbourhood {
    /** How links are followed. */
    public enum Direction {
        /** From a memory to the memories it links to. */
        OUTGOING,
        /** From a memory to the memories that link to it. */
        INCOMING,
        /** Both ways. */
        BOTH
    }

    /** The default number of memories a walk may reach. */
    public static final int DEFAULT_LIMIT = 100;

    private final MemoryId center;
    private final int depth;
    private final Set<String> types;
    private final Direction direction;
    private final int limit;

    private Neighbourhood(MemoryId center, int depth, Set<String> types, Direction direction, int limit) {
        this.center = center;
        this.depth = depth;
        this.types = types;
        this.direction = direction;
        this.limit = limit;
    }

    /** The direct neighbours of {@code center} over links of any type, both ways, at most {@value #DEFAULT_LIMIT}. */
    public static Neighbourhood of(MemoryId center) {
        return new Neighbourhood(Objects.requireNonNull(center, "center"), 1, Set.of(), Direction.BOTH, DEFAULT_LIMIT);
    }

    /** Returns a neighbourhood reaching {@code links} links away (1 for direct neighbours). */
    public Neighbourhood depth(int links) {
        return new Neighbourhood(center, links, types, direction, limit);
    }

    /** Returns a neighbourhood that follows only links of these types (none given: every type). */
    public Neighbourhood types(String... linkTypes) {
        return new Neighbourhood(center, depth, Set.copyOf(Arrays.asList(linkTypes)), direction, limit);
    }

    /** Returns a neighbourhood that follows links this way. */
    public Neighbourhood direction(Direction way) {
        return new Neighbourhood(center, depth, types, Objects.requireNonNull(way, "direction"), limit);
    }

    /** Returns a neighbourhood of at most {@code memories} memories. */
    public Neighbourhood limit(int memories) {
        return new Neighbourhood(center, depth, types, direction, memories);
    }

    /** The memory the walk starts at. */
    public MemoryId center() {
        return center;
    }

    /** How many links away the walk goes. */
    public int depth() {
        return depth;
    }

    /** The link types followed; empty for every type. */
    public Set<String> types() {
        return types;
    }

    /** The direction links are followed in. */
    public Direction direction() {
        return direction;
    }

    /** The most memories the walk reaches. */
    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "Neighbourhood{" + center + " depth " + depth + (types.isEmpty() ? "" : " types " + types) + " "
                + direction + " limit " + limit + "}";
    }
}
