package dev.agentmemory.cli;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.cli.internal.Cancellation;
import dev.agentmemory.cli.internal.Exporter;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Confined to the calling thread: {@code agent-memory export}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes namespaces and conversations of a tenant as JSON Lines, with vectors, metadata, expiry and links.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    Selection selection;

    @Option(names = {"--out", "-o"}, required = true, description = "The file to write; '-' for stdout")
    String out;

    @Option(names = "--history", description = "Also write every memory's earlier versions (for reading; import skips them)")
    boolean history;

    @Option(names = {"--quiet", "-q"}, description = "No progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        // The store is closed before the interrupt hook is released, so a stop signal never cuts
        // the store's own close short.
        try (Cancellation cancel = Cancellation.install(); MemoryStore s = store.open()) {
            Exporter.Options options = selection.options(s, history);
            Exporter.Summary summary;
            if (out.equals("-")) {
                Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                summary = new Exporter(s, cancel).export(options, w, true);
            } else {
                // Written beside the target and moved into place at the end, so an interrupted
                // export never leaves a file that looks complete.
                Path target = Path.of(out).toAbsolutePath();
                Path partial = target.resolveSibling(target.getFileName() + ".partial");
                try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                    summary = new Exporter(s, cancel).export(options, w, quiet);
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            System.err.printf("exported %d memories %s, %d links, %d messages; checksum %s%n", summary.memories(),
                    summary.perNamespace(), summary.links(), summary.messages(), summary.checksum());
            if (summary.skippedLinks() > 0) {
                System.err.printf("left out %d links to memories of namespaces not exported%n", summary.skippedLinks());
            }
            return 0;
        }
    }
}
