package dev.agentmemory.tck.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaType;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Thread-safe: static helpers. Which types are confined to one method and one thread by rule 2
 * of the thread-safety contract, and which types would hold one.
 */
final class ConfinedTypes {

    /** The confined types; their subtypes (a {@code PreparedStatement}, a driver's connection) are confined too. */
    static final List<String> NAMES = List.of(
            "java.sql.Connection",
            "java.sql.Statement",
            "java.sql.ResultSet",
            "org.jdbi.v3.core.Handle");

    /** A short phrase for rule texts and messages. */
    static final String DESCRIPTION = "a java.sql.Connection, Statement or ResultSet or a Jdbi Handle";

    /**
     * Types whose value holds what their type arguments name: a {@code ThreadLocal<Connection>}
     * or a {@code List<Handle>} keeps a connection as surely as a {@code Connection} does. A
     * {@code Function<Handle, T>} does not: it receives one, which is how callbacks are lent one.
     */
    private static final List<Class<?>> HOLDERS = List.of(
            ThreadLocal.class,
            Iterable.class,
            Map.class,
            Optional.class,
            AtomicReference.class,
            Reference.class,
            Supplier.class,
            Future.class);

    private ConfinedTypes() {}

    /** True if {@code type} (or, for an array, its element type) is a confined type. */
    static boolean isConfined(JavaClass type) {
        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
        return NAMES.stream().anyMatch(base::isAssignableTo);
    }

    /**
     * The confined type that a value of {@code type} is or holds, if any: the type itself, its
     * array element type, or a type argument of a holder such as {@code ThreadLocal<Connection>}.
     */
    static Optional<JavaClass> heldBy(JavaType type) {
        JavaClass raw = type.toErasure();
        if (isConfined(raw)) {
            return Optional.of(raw.isArray() ? raw.getBaseComponentType() : raw);
        }
        if (HOLDERS.stream().noneMatch(raw::isAssignableTo)) {
            return Optional.empty();
        }
        return type.getAllInvolvedRawTypes().stream().filter(ConfinedTypes::isConfined).findFirst();
    }
}
