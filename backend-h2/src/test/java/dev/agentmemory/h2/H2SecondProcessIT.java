package dev.agentmemory.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryDraft;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second process that opens a file another process has open gets a clear error naming the
 * file, and changes nothing; once the first closes, the second opens it and sees every row.
 */
@Timeout(120)
class H2SecondProcessIT {
    private static final float[] V = {1f, 0f, 0f};

    @TempDir
    Path dir;

    @Test
    void aSecondProcessGetsAnErrorNamingTheFileAndNothingIsCorrupted() throws Exception {
        Path base = dir.resolve("shared");
        String uri = "h2:" + base;
        try (MemoryStore store = MemoryStores.open(uri)) {
            Namespace ns = store.namespace("t", "n");
            for (int i = 0; i < 10; i++) {
                ns.put(MemoryDraft.of("first " + i).embedding(V));
            }

            Result refused = run(uri, dir.resolve("refused.txt"));

            System.out.println("[h2 second process] refused as expected: " + refused.output);
            assertThat(refused.exitCode).as(refused.output).isEqualTo(3);
            assertThat(refused.output).startsWith("FAILED StorageException PERMANENT")
                    .contains(base + ".mv.db").contains("in use by another process").contains("90020")
                    .contains("[" + uri + "]");
            assertThat(ns.count()).as("the first process's store still works").isEqualTo(10);
            ns.put(MemoryDraft.of("after the refusal").embedding(V));
        }

        Result opened = run(uri, dir.resolve("opened.txt"));

        assertThat(opened.exitCode).as(opened.output).isZero();
        assertThat(opened.output).isEqualTo("OPENED count=11");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String uri, Path output) throws Exception {
        Process child = ChildJvm.start(ChildOpener.class, output, uri);
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            throw new AssertionError("the child did not finish in 60 s: " + Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8).strip();
        String last = text.lines().filter(l -> l.startsWith("OPENED") || l.startsWith("FAILED")).findFirst()
                .orElse(text);
        return new Result(child.exitValue(), last);
    }
}
