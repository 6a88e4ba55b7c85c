package dev.agentmemory.reliability.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Thread-safe: static methods only. Starts a child JVM on this test's classpath. */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * Starts {@code main} in a new JVM with this JVM's classpath, stdout and stderr to {@code output}.
     *
     * @throws IOException if the process cannot be started
     */
    public static Process start(Class<?> main, Path output, String... args) throws IOException {
        return startWithHeap("192m", main, output, args);
    }

    /**
     * Starts {@code main} as {@link #start} does, with a maximum heap of {@code maxHeap} (an
     * {@code -Xmx} value such as {@code 128m}).
     *
     * @throws IOException if the process cannot be started
     */
    public static Process startWithHeap(String maxHeap, Class<?> main, Path output, String... args)
            throws IOException {
        return new ProcessBuilder(command(maxHeap, main, args)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    /**
     * Starts {@code main} under {@code ulimit -f blocks} (1024-byte blocks in bash): a write that
     * would grow a file past the limit fails with {@code EFBIG} ("File too large"). SIGXFSZ is
     * ignored ({@code trap '' XFSZ}, inherited through {@code exec}) so the write fails instead of
     * the process dying.
     *
     * @throws IOException if the process cannot be started
     */
    public static Process startWithFileSizeLimit(long blocks, Class<?> main, Path output, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "trap '' XFSZ; ulimit -f \"$0\"; exec \"$@\"",
                Long.toString(blocks)));
        command.addAll(command("192m", main, args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static List<String> command(String maxHeap, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}
