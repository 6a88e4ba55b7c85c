package dev.agentmemory.cli;

import dev.agentmemory.Link;
import dev.agentmemory.ListQuery;
import dev.agentmemory.Memory;
import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Page;
import dev.agentmemory.StoreCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Confined to the calling thread: {@code agent-memory check}: the schema version and the
 * database's own integrity check, then every memory of a tenant's namespaces (all of them, or those
 * named), reporting what does not hold together.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks the database (schema version, the database's integrity check where it has one) and a "
                + "tenant's namespaces: counts, one embedding dimension each, finite vectors, links that resolve. "
                + "Exits 1 if a problem is found.")
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--tenant", required = true, description = "The tenant")
    String tenant;

    @Option(names = {"--namespace", "-n"}, split = ",", description = "Namespaces to check; all of the tenant's if none")
    List<String> namespaces = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        try (MemoryStore s = store.open()) {
            System.out.println("store: " + s.describe());
            StoreCheck check = s.check();
            System.out.println("schema version: " + (check.schemaVersion().isPresent()
                    ? String.valueOf(check.schemaVersion().getAsInt()) : "none (this backend has no schema)"));
            System.out.println("integrity: " + check.integrity().name().toLowerCase(java.util.Locale.ROOT) + " ("
                    + check.detail() + ")");
            if (check.integrity() == StoreCheck.Integrity.DAMAGED) {
                problems.add("the database's integrity check reports: " + check.detail());
            }
            if (namespaces.isEmpty()) {
                namespaces = Selection.all((after, n) -> s.namespaces(tenant, after, n));
            }
            Set<MemoryId> all = new HashSet<>();
            List<Link> links = new ArrayList<>();
            for (String name : namespaces) {
                Namespace ns = s.namespace(tenant, name);
                long counted = ns.count();
                long listed = 0;
                int dimension = -1;
                ListQuery q = ListQuery.first(1000);
                while (true) {
                    Page<Memory> page = ns.list(q);
                    for (Memory m : page.items()) {
                        listed++;
                        all.add(m.id());
                        if (dimension < 0) {
                            dimension = m.dimension();
                        } else if (m.dimension() != dimension) {
                            problems.add(name + ": memory " + m.id() + " has " + m.dimension() + " dimensions, the first had "
                                    + dimension);
                        }
                        for (float f : m.embedding()) {
                            if (!Float.isFinite(f)) {
                                problems.add(name + ": memory " + m.id() + " has a non-finite vector component");
                                break;
                            }
                        }
                        for (Link l : ns.links(m.id())) {
                            if (l.from().equals(m.id())) {
                                links.add(l);
                            }
                        }
                    }
                    if (page.nextCursor().isEmpty()) {
                        break;
                    }
                    q = q.after(page.nextCursor().get());
                }
                if (listed != counted) {
                    problems.add(name + ": count() says " + counted + " memories, listing found " + listed);
                }
                System.out.printf("namespace %s/%s: %d memories, dimension %s%n", tenant, name, listed,
                        dimension < 0 ? "none yet" : dimension);
            }
            long outside = links.stream().filter(l -> !all.contains(l.to())).count();
            System.out.printf("links: %d from these namespaces, %d to memories of namespaces not checked%n", links.size(),
                    outside);
        }
        problems.forEach(p -> System.out.println("PROBLEM " + p));
        System.out.println(problems.isEmpty() ? "check passed" : problems.size() + " problem(s) found");
        return problems.isEmpty() ? 0 : 1;
    }
}
