package dev.agentmemory.tck.confinement;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * Thread-safe: the proxy behaviour of one borrowed connection. {@code close()} on the
 * borrowing thread is the return; later {@code close()} calls do nothing.
 */
final class ConnectionHandler extends ConfinedHandler {
    private final Connection delegate;

    private ConnectionHandler(Connection delegate, Borrow borrow, ConfinementChecker checker) {
        super(Connection.class, borrow, checker);
        this.delegate = delegate;
    }

    /** Wraps a connection just borrowed on the current thread. */
    static Connection proxy(Connection delegate, Borrow borrow, ConfinementChecker checker) {
        return (Connection) Proxy.newProxyInstance(
                ConnectionHandler.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new ConnectionHandler(delegate, borrow, checker));
    }

    @Override
    Object delegate() {
        return delegate;
    }

    @Override
    Object connectionProxy(Object self) {
        return self;
    }

    @Override
    Object handle(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getParameterCount() == 0) {
            if (method.getName().equals("close")) {
                close();
                return null;
            }
            if (method.getName().equals("isClosed") && borrow().isReturned()) {
                return true;
            }
        }
        return super.handle(proxy, method, args);
    }

    private void close() throws Exception {
        if (!borrow().markReturned()) {
            return;
        }
        try {
            delegate.close();
        } finally {
            // a close that throws still ends the borrow: the caller cannot use the connection again
            checker().returned(borrow());
        }
    }
}
