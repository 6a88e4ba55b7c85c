package dev.agentmemory.reference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Thread-safe: static methods only. Time at the precision every backend stores: microseconds
 * since the epoch (the SQL backends keep times in a {@code BIGINT} of microseconds).
 */
final class Micros {
    private Micros() {}

    /**
     * Microseconds since the epoch, rounded down as the SQL backends round (not toward zero:
     * for a time before 1970 with digits below the microsecond the two differ by one).
     */
    static long of(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /** The instant cut to microseconds, as a SQL backend would hand it back. */
    static Instant truncate(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
