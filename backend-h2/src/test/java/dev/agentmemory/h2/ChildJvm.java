package dev.agentmemory.h2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Thread-safe: static methods only. Starts a second JVM on this test's classpath. */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * Starts {@code main} in a new JVM with this JVM's classpath, its output to {@code output}.
     *
     * @throws IOException if the process cannot be started
     */
    static Process start(Class<?> main, Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
