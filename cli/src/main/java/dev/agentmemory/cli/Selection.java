package dev.agentmemory.cli;

import dev.agentmemory.cli.internal.Exporter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Confined to the calling thread: which part of a tenant a command reads. The public API cannot
 * list a tenant's namespaces or conversations, so they are named here.
 */
public final class Selection {
    @Option(names = "--tenant", required = true, description = "The tenant")
    String tenant;

    @Option(names = {"--namespace", "-n"}, split = ",", description = "Namespaces to include (repeatable or comma-separated)")
    List<String> namespaces = new ArrayList<>();

    @Option(names = {"--session", "-s"}, split = ",", description = "Conversations to include (repeatable or comma-separated)")
    List<String> sessions = new ArrayList<>();

    Exporter.Options options(boolean history) {
        if (namespaces.isEmpty() && sessions.isEmpty()) {
            throw new IllegalArgumentException("name at least one --namespace or --session: the store's public API "
                    + "cannot list a tenant's namespaces or conversations");
        }
        return new Exporter.Options(tenant, List.copyOf(namespaces), List.copyOf(sessions), history);
    }
}
