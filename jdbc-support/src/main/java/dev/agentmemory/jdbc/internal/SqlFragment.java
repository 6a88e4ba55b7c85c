package dev.agentmemory.jdbc.internal;

import java.util.List;

/**
 * Immutable and thread-safe: a piece of SQL with its positional bind values.
 *
 * @param sql the SQL, with one {@code ?} per value
 * @param args the values: String, Long, Double, Integer, byte[] or {@link Binder#nullOf(int)}
 */
record SqlFragment(String sql, List<Object> args) {
    SqlFragment {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }
}
