package dev.agentmemory.reference;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Thread-safe: static methods only. Time at the precision every backend stores: microseconds
 * since the epoch (the SQL backends keep times in a {@code BIGINT} of microseconds).
 */
final class Micros {
    private Micros() {}

    /** Microseconds since the epoch. */
    static long of(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    /** The instant cut to microseconds, as a SQL backend would hand it back. */
    static Instant truncate(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
