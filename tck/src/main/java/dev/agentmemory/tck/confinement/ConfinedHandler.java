package dev.agentmemory.tck.confinement;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thread-safe: the proxy behaviour shared by a borrowed connection and everything obtained
 * from it. Every call is checked against the {@link Borrow} before it reaches the delegate;
 * results whose declared type is a confined JDBC interface come back wrapped, bound to the
 * same borrow.
 */
abstract class ConfinedHandler implements InvocationHandler {

    /** The declared return types whose results are wrapped: they die with the connection. */
    private static final Set<Class<?>> CONFINED_TYPES = Set.of(
            Connection.class,
            Statement.class,
            PreparedStatement.class,
            CallableStatement.class,
            ResultSet.class,
            DatabaseMetaData.class);

    private final Class<?> type;
    private final Borrow borrow;
    private final ConfinementChecker checker;

    ConfinedHandler(Class<?> type, Borrow borrow, ConfinementChecker checker) {
        this.type = type;
        this.borrow = borrow;
        this.checker = checker;
    }

    final Borrow borrow() {
        return borrow;
    }

    final ConfinementChecker checker() {
        return checker;
    }

    /** The object calls are forwarded to. */
    abstract Object delegate();

    /** The connection proxy that {@code getConnection()} of a derived object returns. */
    abstract Object connectionProxy(Object self);

    @Override
    public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        String name = method.getName();
        boolean lifecycle = method.getParameterCount() == 0 && (name.equals("close") || name.equals("isClosed"));
        // close() and isClosed() on a dead object are harmless and idempotent; Jdbi and pools call them in cleanup
        if (!(lifecycle && borrow.isReturned())) {
            checker.check(borrow, describe(method));
        }
        if (name.equals("unwrap") && method.getParameterCount() == 1) {
            Class<?> iface = (Class<?>) args[0];
            return iface.isInstance(proxy) ? proxy : forward(method, args);
        }
        if (name.equals("isWrapperFor") && method.getParameterCount() == 1) {
            Class<?> iface = (Class<?>) args[0];
            return iface.isInstance(proxy) || (Boolean) forward(method, args);
        }
        return handle(proxy, method, args);
    }

    /** Runs a checked call; subclasses intercept the calls they own. */
    Object handle(Object proxy, Method method, Object[] args) throws Throwable {
        return wrap(proxy, method.getReturnType(), forward(method, args));
    }

    final Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate(), args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object wrap(Object proxy, Class<?> declared, Object result) {
        if (result == null || !CONFINED_TYPES.contains(declared)) {
            return result;
        }
        if (declared == Connection.class) {
            return connectionProxy(proxy);
        }
        DerivedHandler handler = new DerivedHandler(declared, result, connectionProxy(proxy), borrow, checker);
        return Proxy.newProxyInstance(ConfinedHandler.class.getClassLoader(), new Class<?>[] {declared}, handler);
    }

    /** Identity semantics, and no delegate call: logging a proxy from any thread is fine. */
    private Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "Confined" + type.getSimpleName() + "[" + borrow.label() + " borrowed by " + borrow.ownerName() + "]";
        }
    }

    /** For example {@code PreparedStatement.setString(int, String)}. */
    private String describe(Method method) {
        String params = Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return type.getSimpleName() + "." + method.getName() + "(" + params + ")";
    }
}
