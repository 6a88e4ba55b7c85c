package dev.agentmemory.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe: generates RFC 9562 version 7 UUIDs that strictly increase within this JVM.
 *
 * <p>The 48-bit millisecond timestamp and the 12-bit {@code rand_a} field together form a
 * 60-bit counter that is advanced by compare-and-set, so two threads in the same
 * millisecond still get ordered, distinct ids; the low 62 bits are random.
 */
public final class UuidV7 {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong LAST = new AtomicLong();

    private UuidV7() {}

    /** Returns the next id. */
    public static UUID next() {
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(now, last + 1));
        long millis = stamp >>> 12;
        long counter = stamp & 0xFFF;
        long msb = (millis << 16) | 0x7000L | counter;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
