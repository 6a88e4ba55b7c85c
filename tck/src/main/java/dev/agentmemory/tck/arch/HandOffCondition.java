package dev.agentmemory.tck.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.BaseStream;
import java.util.stream.Collectors;

/**
 * Confined to the rule evaluation that created it (it keeps state between {@code init} and
 * {@code check}): a class hands no work to another thread if it, or any class declared in the
 * same source file, touches a confined type.
 *
 * <p>The unit is the top-level class with all its nested, inner, local and anonymous classes:
 * a lambda compiles to a synthetic method of the class it is written in, but an anonymous
 * {@code Runnable} compiles to a class of its own, and its connection would otherwise escape
 * the check while its outer class calls {@code submit}.
 */
final class HandOffCondition extends ArchCondition<JavaClass> {

    private static final Set<String> EXECUTOR_METHODS = Set.of(
            "execute", "submit", "invokeAll", "invokeAny", "invoke",
            "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");

    private final Map<String, List<JavaClass>> classesBySourceUnit = new HashMap<>();

    HandOffCondition() {
        super("not hand work to another thread if they touch " + ConfinedTypes.DESCRIPTION
                + " (Executor.execute, ExecutorService.submit/invokeAll/invokeAny, ScheduledExecutorService.schedule*,"
                + " CompletableFuture.*Async, Thread.start, ForkJoinPool.*, ForkJoinTask.fork, Timer.schedule*,"
                + " parallel streams)");
    }

    @Override
    public void init(Collection<JavaClass> allClasses) {
        classesBySourceUnit.clear();
        for (JavaClass c : allClasses) {
            classesBySourceUnit.computeIfAbsent(topLevel(c).getName(), k -> new ArrayList<>()).add(c);
        }
    }

    @Override
    public void check(JavaClass javaClass, ConditionEvents events) {
        List<JavaCodeUnitAccess<?>> handOffs = javaClass.getCodeUnitAccessesFromSelf().stream()
                .filter(HandOffCondition::handsWorkToAnotherThread)
                .sorted(Comparator.comparingInt(JavaCodeUnitAccess::getLineNumber))
                .collect(Collectors.toList());
        if (handOffs.isEmpty()) {
            return;
        }
        JavaClass unit = topLevel(javaClass);
        Optional<Dependency> touch = classesBySourceUnit.getOrDefault(unit.getName(), List.of(javaClass)).stream()
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .filter(d -> ConfinedTypes.isConfined(d.getTargetClass()))
                .findFirst();
        if (touch.isEmpty()) {
            return;
        }
        for (JavaCodeUnitAccess<?> handOff : handOffs) {
            events.add(SimpleConditionEvent.violated(javaClass, handOff.getDescription()
                    + " hands work to another thread, while " + unit.getName()
                    + " touches " + touch.get().getTargetClass().getName() + ", for example: " + touch.get().getDescription()));
        }
    }

    private static boolean handsWorkToAnotherThread(JavaCodeUnitAccess<?> access) {
        JavaClass owner = access.getTargetOwner();
        String name = access.getName();
        if (owner.isAssignableTo(ForkJoinPool.class)) {
            return !name.equals("commonPool") && !name.startsWith("get") && !name.startsWith("is");
        }
        if (owner.isAssignableTo(Executor.class)) {
            return EXECUTOR_METHODS.contains(name);
        }
        if (owner.isAssignableTo(CompletableFuture.class)) {
            return name.endsWith("Async");
        }
        if (owner.isAssignableTo(Thread.class) || owner.getName().equals("java.lang.Thread$Builder")) {
            return name.equals("start") || name.equals("startVirtualThread");
        }
        if (owner.isAssignableTo(ForkJoinTask.class)) {
            return name.equals("fork") || name.equals("invokeAll");
        }
        if (owner.isAssignableTo(Timer.class)) {
            return name.startsWith("schedule");
        }
        if (owner.isAssignableTo(Collection.class)) {
            return name.equals("parallelStream");
        }
        if (owner.isAssignableTo(BaseStream.class)) {
            return name.equals("parallel");
        }
        return false;
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass current = c;
        while (current.getEnclosingClass().isPresent()) {
            current = current.getEnclosingClass().get();
        }
        return current;
    }
}
