package dev.agentmemory.tck;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Thread-safe: JUnit shares one instance. Opens a {@link StoreSession} for each test of a
 * {@link StoreFixture} and closes it afterwards (stores closed, confinement checked, directory
 * deleted).
 *
 * <p>Why a map from test instance to session: the contracts are interfaces, which hold no
 * state, and their default methods run on the test's worker threads too, so neither a field
 * nor a {@code ThreadLocal} would do.
 */
final class StoreSessions implements BeforeEachCallback, AfterEachCallback {
    private static final String RUN = Long.toString(System.nanoTime() & 0xFFFFFFFFFL, 36);
    private static final AtomicLong NAMES = new AtomicLong();
    private static final Map<Object, StoreSession> SESSIONS = new IdentityHashMap<>();

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        StoreFixture fixture = (StoreFixture) context.getRequiredTestInstance();
        String testName = context.getRequiredTestClass().getName() + "#" + context.getDisplayName();
        StoreSession session = StoreSession.start(fixture, testName);
        synchronized (SESSIONS) {
            StoreSession previous = SESSIONS.put(fixture, session);
            if (previous != null) {
                SESSIONS.put(fixture, previous);
                session.finish();
                throw new IllegalStateException("tck: " + testName + " started while another test of the same instance"
                        + " still runs; run contract tests with one instance per test (JUnit's default lifecycle)");
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        StoreSession session;
        synchronized (SESSIONS) {
            session = SESSIONS.remove(context.getRequiredTestInstance());
        }
        if (session != null) {
            session.finish();
        }
    }

    /**
     * The session of the test {@code fixture} is running.
     *
     * @throws IllegalStateException outside a test (before each, after each, or without this extension)
     */
    static StoreSession of(StoreFixture fixture) {
        StoreSession session;
        synchronized (SESSIONS) {
            session = SESSIONS.get(fixture);
        }
        if (session == null) {
            throw new IllegalStateException("tck: no test of " + fixture.getClass().getName() + " is running; the"
                    + " fixture's methods work inside a test method (the kit's StoreSessions extension opens them)");
        }
        return session;
    }

    /** A tenant or namespace name no other test of this JVM uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + NAMES.incrementAndGet();
    }
}
