package dev.agentmemory.reliability.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable and thread-safe once built: a recorded history of puts, deletes and reads of memory
 * ids, each with its start and end ({@link System#nanoTime()}), and its checker.
 *
 * <p>The rules (real-time order, as linearizability requires of a register per id):
 * <ul>
 *   <li>a read that starts after the put of an id ended, and ends before any delete of that id
 *       started, sees it;
 *   <li>a read that starts after a delete of an id ended does not see it.
 * </ul>
 */
public final class History {
    /** What an event did. */
    public enum Kind { PUT, DELETE, GET, SEARCH, LIST }

    /**
     * One completed call.
     *
     * @param kind the operation
     * @param id the memory id it concerned
     * @param start when the call started
     * @param end when it returned
     * @param seen for reads, whether the memory was seen
     */
    public record Event(Kind kind, String id, long start, long end, boolean seen) {}

    private History() {}

    /**
     * Checks {@code events} against the rules.
     *
     * @return the violations, each described; empty if none
     */
    public static List<String> violations(List<Event> events) {
        Map<String, Long> putEnd = new HashMap<>();
        Map<String, Long> firstDeleteStart = new HashMap<>();
        Map<String, Long> firstDeleteEnd = new HashMap<>();
        for (Event e : events) {
            if (e.kind == Kind.PUT) {
                putEnd.put(e.id, e.end);
            } else if (e.kind == Kind.DELETE) {
                firstDeleteStart.merge(e.id, e.start, Math::min);
                firstDeleteEnd.merge(e.id, e.end, Math::min);
            }
        }
        List<String> out = new ArrayList<>();
        for (Event r : events) {
            if (r.kind == Kind.PUT || r.kind == Kind.DELETE) {
                continue;
            }
            Long put = putEnd.get(r.id);
            Long delStart = firstDeleteStart.get(r.id);
            Long delEnd = firstDeleteEnd.get(r.id);
            if (!r.seen && put != null && put < r.start && (delStart == null || delStart > r.end)) {
                out.add(r.kind + " of " + r.id + " started " + (r.start - put) / 1000
                        + " us after its put returned, no delete had started, and did not see it");
            }
            if (r.seen && delEnd != null && delEnd < r.start) {
                out.add(r.kind + " of " + r.id + " started " + (r.start - delEnd) / 1000
                        + " us after its delete returned, and still saw it");
            }
            if (r.seen && put == null) {
                out.add(r.kind + " saw " + r.id + ", which no put wrote");
            }
        }
        return out;
    }
}
