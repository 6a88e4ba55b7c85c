package dev.agentmemory.tck.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.stream.Stream;

/** Thread-safe: static factories. The conditions and predicates about confined types in fields and signatures. */
final class ConfinedTypeConditions {

    private ConfinedTypeConditions() {}

    /** A field must not be, or hold, a confined type. */
    static ArchCondition<JavaField> notKeepAConfinedValue() {
        return new ArchCondition<>("not be or hold " + ConfinedTypes.DESCRIPTION) {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                ConfinedTypes.heldBy(field.getType()).ifPresent(held -> events.add(SimpleConditionEvent.violated(field,
                        "Field <" + field.getFullName() + "> of type " + field.getType().getName()
                                + " keeps a " + held.getName() + " in " + field.getOwner().getSourceCodeLocation())));
            }
        };
    }

    /** A code unit must not take or return a confined type (or a holder of one). */
    static ArchCondition<JavaCodeUnit> notTakeOrReturnAConfinedValue() {
        return new ArchCondition<>("not take or return " + ConfinedTypes.DESCRIPTION) {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                List<JavaType> parameters = unit.getParameterTypes();
                for (int i = 0; i < parameters.size(); i++) {
                    JavaType parameter = parameters.get(i);
                    int position = i + 1;
                    ConfinedTypes.heldBy(parameter).ifPresent(held -> events.add(SimpleConditionEvent.violated(unit,
                            unit.getDescription() + " takes " + held.getName() + " (parameter " + position + ": "
                                    + parameter.getName() + ") in " + unit.getSourceCodeLocation())));
                }
                ConfinedTypes.heldBy(unit.getReturnType()).ifPresent(held -> events.add(SimpleConditionEvent.violated(
                        unit, unit.getDescription() + " returns " + held.getName() + " (as "
                                + unit.getReturnType().getName() + ") in " + unit.getSourceCodeLocation())));
            }
        };
    }

    /** Public or protected, and written in source (not a bridge or other synthetic member). */
    static DescribedPredicate<JavaCodeUnit> publicOrProtected() {
        return DescribedPredicate.describe("are public or protected", unit ->
                (unit.getModifiers().contains(JavaModifier.PUBLIC) || unit.getModifiers().contains(JavaModifier.PROTECTED))
                        && !unit.getModifiers().contains(JavaModifier.SYNTHETIC)
                        && !unit.getModifiers().contains(JavaModifier.BRIDGE)
                        && reachableFromOtherPackages(unit.getOwner()));
    }

    /**
     * True if {@code type} and every type enclosing it are public or protected. A member of an
     * interface is public by the language's rules even when the interface is package-private
     * (a callback such as {@code ConnectionScope.Work}, which lends a connection for one call,
     * as Jdbi's {@code HandleCallback} lends a handle): its signature never leaves the package.
     */
    private static boolean reachableFromOtherPackages(JavaClass type) {
        for (JavaClass t = type; t != null; t = t.getEnclosingClass().orElse(null)) {
            if (!t.getModifiers().contains(JavaModifier.PUBLIC) && !t.getModifiers().contains(JavaModifier.PROTECTED)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A method that implements or overrides a method of a supertype outside {@code root}, such
     * as Jdbi's {@code RowMapper.map(ResultSet, StatementContext)}: the library lends the object
     * for one call, on its thread, and the signature is the library's, not ours.
     */
    static DescribedPredicate<JavaCodeUnit> implementALibraryMethod(String root) {
        return DescribedPredicate.describe("implement a method of a type outside " + root, unit ->
                unit instanceof JavaMethod && libraryOverridden((JavaMethod) unit, root));
    }

    private static boolean libraryOverridden(JavaMethod method, String root) {
        JavaClass owner = method.getOwner();
        return Stream.concat(owner.getAllRawSuperclasses().stream(), owner.getAllRawInterfaces().stream())
                .filter(type -> !PackageSlices.isUnder(type.getPackageName(), root))
                .flatMap(type -> type.getMethods().stream())
                .anyMatch(candidate -> overrides(method, candidate));
    }

    /** Same name and arity, and each parameter assignable to the erased parameter it overrides. */
    private static boolean overrides(JavaMethod method, JavaMethod candidate) {
        if (!candidate.getName().equals(method.getName())) {
            return false;
        }
        List<JavaClass> ours = method.getRawParameterTypes();
        List<JavaClass> theirs = candidate.getRawParameterTypes();
        if (ours.size() != theirs.size()) {
            return false;
        }
        for (int i = 0; i < ours.size(); i++) {
            if (!ours.get(i).isAssignableTo(theirs.get(i).getName())) {
                return false;
            }
        }
        return !candidate.getModifiers().contains(JavaModifier.PRIVATE)
                && !candidate.getModifiers().contains(JavaModifier.STATIC);
    }
}
