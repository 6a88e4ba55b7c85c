package dev.agentmemory.tck.confinement;

/**
 * Thread-safe: the proxy behaviour of a statement, result set or metadata object obtained
 * from a borrowed connection; it is confined to the same thread and dies with the borrow.
 */
final class DerivedHandler extends ConfinedHandler {
    private final Object delegate;
    private final Object connectionProxy;

    DerivedHandler(Class<?> type, Object delegate, Object connectionProxy, Borrow borrow, ConfinementChecker checker) {
        super(type, borrow, checker);
        this.delegate = delegate;
        this.connectionProxy = connectionProxy;
    }

    @Override
    Object delegate() {
        return delegate;
    }

    @Override
    Object connectionProxy(Object self) {
        return connectionProxy;
    }
}
