package dev.agentmemory.cli;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.cli.internal.Cancellation;
import dev.agentmemory.cli.internal.Exporter;
import dev.agentmemory.cli.internal.Importer;
import dev.agentmemory.mcp.McpServerCommand;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Confined to the calling thread: {@code agent-memory copy}: export from one store, import into
 * another, then export the target again and compare counts and checksums.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = "Copies namespaces and conversations of a tenant between stores (for example SQLite to "
                + "PostgreSQL), verified by counts and a checksum at the end.")
public final class CopyCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "Source store URI")
    String from;

    @Option(names = "--from-user", description = "Source database user")
    String fromUser;

    @Option(names = "--from-password", defaultValue = "${env:AGENT_MEMORY_FROM_PASSWORD}", description = "Source password (env AGENT_MEMORY_FROM_PASSWORD)")
    String fromPassword;

    @Option(names = "--to", required = true, description = "Target store URI")
    String to;

    @Option(names = "--to-user", description = "Target database user")
    String toUser;

    @Option(names = "--to-password", defaultValue = "${env:AGENT_MEMORY_TO_PASSWORD}", description = "Target password (env AGENT_MEMORY_TO_PASSWORD)")
    String toPassword;

    @Mixin
    Selection selection;

    @Mixin
    BatchOptions writing;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("agent-memory-copy");
        Path source = dir.resolve("source.jsonl");
        Path check = dir.resolve("target.jsonl");
        try (Cancellation cancel = Cancellation.install();
                MemoryStore src = McpServerCommand.open(from, fromUser, fromPassword, null);
                MemoryStore dst = McpServerCommand.open(to, toUser, toPassword, null)) {
            // Named from the source: the target's export for the verification reads the same names.
            Exporter.Options options = selection.options(src, false);
            Exporter.Summary exported = export(src, options, source, cancel);
            Importer.Summary imported = new Importer(dst, cancel, writing.batch()).run(source, options.tenant(), writing.quiet);
            Exporter.Summary verified = export(dst, options, check, cancel);
            if (!verified.perNamespace().equals(exported.perNamespace()) || verified.links() != exported.links()
                    || verified.messages() != exported.messages() || !verified.checksum().equals(exported.checksum())) {
                System.err.printf("copy NOT verified: source has %s memories, %d links, %d messages, checksum %s; target "
                        + "has %s, %d, %d, checksum %s (did the target hold other data, or did the source change during "
                        + "the copy?)%n", exported.perNamespace(), exported.links(), exported.messages(),
                        exported.checksum(), verified.perNamespace(), verified.links(), verified.messages(),
                        verified.checksum());
                return 2;
            }
            System.err.printf("copied %d memories %s (%d new), %d links, %d messages from %s to %s; verified: counts "
                    + "and checksum %s match%n", exported.memories(), exported.perNamespace(), imported.written(),
                    exported.links(), exported.messages(), src.describe(), dst.describe(), verified.checksum());
            return 0;
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(check);
            Files.deleteIfExists(dir);
        }
    }

    private Exporter.Summary export(MemoryStore store, Exporter.Options options, Path file, Cancellation cancel)
            throws java.io.IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return new Exporter(store, cancel).export(options, w, writing.quiet);
        }
    }
}
