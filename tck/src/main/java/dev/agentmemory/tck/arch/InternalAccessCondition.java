package dev.agentmemory.tck.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;

/**
 * Immutable and thread-safe: a class depends on no class of an {@code internal} package that
 * belongs to another module.
 *
 * <p>A class's module is where its class file was loaded from: the classes directory or jar
 * it came from (its code source), as Maven builds one per module. Package names alone cannot
 * say it: core's root {@code dev.agentmemory} is the parent of every other module's package,
 * and a module may put a class into another module's package (a split package), which is
 * exactly the access this rule exists to stop. Only when ArchUnit knows no location for one
 * side (a class it did not import and could not resolve) is the package used instead: the
 * class must then live in the package that owns the {@code internal} package, or below it.
 */
final class InternalAccessCondition extends ArchCondition<JavaClass> {
    private static final String INTERNAL = "internal";

    private final String root;

    InternalAccessCondition(String root) {
        super("use no class of another module's internal package below " + root);
        this.root = root;
    }

    @Override
    public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
            JavaClass target = dependency.getTargetClass().getBaseComponentType();
            Optional<String> owner = internalOwner(target.getPackageName());
            if (owner.isEmpty() || !PackageSlices.isUnder(target.getPackageName(), root)) {
                continue;
            }
            Optional<String> from = module(origin);
            Optional<String> to = module(target);
            boolean sameModule = from.isPresent() && to.isPresent() ? from.equals(to)
                    : PackageSlices.isUnder(origin.getPackageName(), owner.get());
            if (!sameModule) {
                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription() + ": "
                        + target.getName() + " is internal to " + to.map(InternalAccessCondition::shortName)
                                .orElse("the module of " + owner.get())
                        + ", used from " + from.map(InternalAccessCondition::shortName).orElse(origin.getPackageName())));
            }
        }
    }

    /** The package that owns the {@code internal} package {@code packageName} is in, if it is in one. */
    static Optional<String> internalOwner(String packageName) {
        String[] parts = packageName.split("\\.");
        StringBuilder owner = new StringBuilder();
        for (String part : parts) {
            if (part.equals(INTERNAL)) {
                return Optional.of(owner.toString());
            }
            owner.append(owner.length() == 0 ? "" : ".").append(part);
        }
        return Optional.empty();
    }

    /**
     * The classes directory or jar {@code javaClass} was loaded from, as a URI prefix, for
     * example {@code file:/build/core/target/classes/}; empty if ArchUnit knows no location.
     */
    static Optional<String> module(JavaClass javaClass) {
        String packagePath = javaClass.getPackageName().replace('.', '/') + "/";
        return javaClass.getSource().map(Source::getUri).map(Object::toString).flatMap(uri -> {
            int at = uri.lastIndexOf(packagePath);
            return at < 0 ? Optional.empty() : Optional.of(uri.substring(0, at));
        });
    }

    /** A location's module name for messages: the directory above {@code target}, or the jar. */
    static String shortName(String location) {
        String path = location.replaceFirst("^jar:", "").replaceFirst("!/$", "").replaceFirst("/$", "");
        int target = path.lastIndexOf("/target/");
        if (target >= 0) {
            path = path.substring(0, target);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
