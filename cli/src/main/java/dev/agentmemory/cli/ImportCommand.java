package dev.agentmemory.cli;

import dev.agentmemory.MemoryStore;
import dev.agentmemory.cli.internal.Cancellation;
import dev.agentmemory.cli.internal.Importer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Confined to the calling thread: {@code agent-memory import}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Reads a JSON Lines export into a store: checked whole first, then written in batches; "
                + "run it again to resume after an interruption.")
public final class ImportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = {"--in", "-i"}, required = true, description = "The export file")
    Path in;

    @Option(names = "--tenant", description = "Import into this tenant instead of the export's")
    String tenant;

    @Mixin
    BatchOptions writing;

    @Override
    public Integer call() throws Exception {
        // The store is closed before the interrupt hook is released, so a stop signal never cuts
        // the store's own close short.
        try (Cancellation cancel = Cancellation.install(); MemoryStore s = store.open()) {
            Importer.Summary r = new Importer(s, cancel, writing.batch()).run(in, tenant, writing.quiet);
            System.err.printf("imported %d memories (%d were there already, %d expired), %d links, %d messages from %d "
                    + "lines; checksum %s verified%n", r.written(), r.skipped(), r.expired(), r.links(), r.messages(),
                    r.lines(), r.checksum());
            return 0;
        }
    }
}
