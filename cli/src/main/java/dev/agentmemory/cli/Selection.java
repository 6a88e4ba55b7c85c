package dev.agentmemory.cli;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.Page;
import dev.agentmemory.cli.internal.Exporter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/**
 * Confined to the calling thread: which part of a tenant a command reads: the namespaces and
 * conversations named, or, when none is named, every namespace and every conversation the tenant
 * has.
 */
public final class Selection {
    /** Names listed per page. */
    private static final int PAGE = 500;

    @Option(names = "--tenant", required = true, description = "The tenant")
    String tenant;

    @Option(names = {"--namespace", "-n"}, split = ",",
            description = "Namespaces to include (repeatable or comma-separated); with neither -n nor -s, all of them")
    List<String> namespaces = new ArrayList<>();

    @Option(names = {"--session", "-s"}, split = ",",
            description = "Conversations to include (repeatable or comma-separated); with neither -n nor -s, all of them")
    List<String> sessions = new ArrayList<>();

    /** What to read from {@code store}: the names given, or every name the tenant has there. */
    Exporter.Options options(MemoryStore store, boolean history) {
        if (namespaces.isEmpty() && sessions.isEmpty()) {
            return new Exporter.Options(tenant, all((after, n) -> store.namespaces(tenant, after, n)),
                    all((after, n) -> store.conversations(tenant, after, n)), history);
        }
        return new Exporter.Options(tenant, List.copyOf(namespaces), List.copyOf(sessions), history);
    }

    /** Every name of a paged listing. */
    static List<String> all(BiFunction<String, Integer, Page<String>> listing) {
        List<String> out = new ArrayList<>();
        String after = null;
        while (true) {
            Page<String> page = listing.apply(after, PAGE);
            out.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return out;
            }
            after = page.nextCursor().get();
        }
    }
}
