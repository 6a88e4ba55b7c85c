package dev.agentmemory.cli;

import dev.agentmemory.MemoryStoreException;
import dev.agentmemory.cli.internal.BadInput;
import dev.agentmemory.cli.internal.Cancellation;
import dev.agentmemory.mcp.McpServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Thread-safe: static methods only. The {@code agent-memory} command-line tool: export, import,
 * copy, stats, check and mcp.
 */
@Command(name = "agent-memory", mixinStandardHelpOptions = true, version = "agent-memory-cli 0.1.0",
        description = "Moves agent-memory data between files and stores, checks stores, and serves them over MCP.",
        subcommands = {ExportCommand.class, ImportCommand.class, CopyCommand.class, StatsCommand.class,
                CheckCommand.class, McpServerCommand.class, CommandLine.HelpCommand.class})
public final class Cli {
    /** Exit code of an interrupted command (as a shell reports Ctrl-C). */
    public static final int INTERRUPTED = 130;

    private Cli() {}

    /** Runs the tool and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code: 0 done, 1 failed, 2 bad usage or unverified copy, 130 interrupted. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(Cli.class);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof Cancellation.Cancelled) {
                return INTERRUPTED;
            }
            if (e instanceof BadInput || e instanceof IllegalArgumentException || e instanceof MemoryStoreException
                    || e instanceof java.io.IOException) {
                System.err.println(line.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
