package dev.agentmemory.jdbc.internal;

import java.time.Instant;

/** Thread-safe: static methods only. Timestamps as stored: microseconds since the epoch. */
final class Micros {
    private static final long PER_SECOND = 1_000_000L;

    private Micros() {}

    /** Microseconds since the epoch; sub-microsecond digits are dropped (core already truncates). */
    static long of(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), PER_SECOND), t.getNano() / 1_000);
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000L);
    }
}
