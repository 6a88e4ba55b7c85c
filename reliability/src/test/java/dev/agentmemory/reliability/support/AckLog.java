package dev.agentmemory.reliability.support;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Confined to the calling thread: the log of acknowledged writes a child appends to, one line per
 * write, flushed after each line (a flushed line is in the OS page cache, which {@code kill -9}
 * keeps), and the parent's reader of it.
 */
public final class AckLog implements AutoCloseable {
    private final BufferedWriter out;

    private AckLog(BufferedWriter out) {
        this.out = out;
    }

    /** Opens {@code file} for appending. */
    public static AckLog append(Path file) throws IOException {
        return new AckLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    /** Appends one line and flushes it. */
    public void ack(String line) {
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** The lines of {@code file} that end with a newline (a kill may cut the last one short). */
    public static List<String> completeLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }
}
