package dev.agentmemory.tck.confinement;

import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Thread-safe: static helpers that describe threads and capture short stacks for reports. */
final class Threads {
    private static final int STACK_DEPTH = 12;

    /** The checker's own frames and the proxy frames say nothing about the caller. */
    private static final Set<String> OWN_CLASSES = Set.of(
            Threads.class.getName(),
            Borrow.class.getName(),
            ConfinementChecker.class.getName(),
            CheckedDataSource.class.getName(),
            ConfinedHandler.class.getName(),
            ConnectionHandler.class.getName(),
            DerivedHandler.class.getName());

    private Threads() {}

    /** For example {@code "worker-1" (id 42)}; names alone can repeat. */
    static String describe(Thread thread) {
        return "\"" + thread.getName() + "\" (id " + thread.getId() + ")";
    }

    /** The caller's stack, innermost first, without the checker's and the proxies' frames. */
    static List<String> callerStack() {
        return StackWalker.getInstance().walk(frames -> frames
                .dropWhile(Threads::isOwnFrame)
                .limit(STACK_DEPTH)
                .map(StackFrame::toString)
                .collect(Collectors.toList()));
    }

    private static boolean isOwnFrame(StackFrame frame) {
        String name = frame.getClassName();
        return OWN_CLASSES.contains(name)
                || name.startsWith("jdk.proxy")
                || name.startsWith("com.sun.proxy")
                || name.contains("$Proxy");
    }
}
