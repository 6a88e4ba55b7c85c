package dev.agentmemory.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.MemoryId;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Namespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process writing through the default (durable) settings loses no
 * acknowledged write: a child JVM puts in a loop and logs each id after {@code put} returns; the
 * parent kills it with SIGKILL mid-stream, reopens the file and looks every logged id up.
 *
 * <p>The same run with {@code durability=relaxed} is reported, not asserted: how much it loses
 * depends on where the kill lands in H2's write delay.
 */
@Timeout(300)
class H2KillDurabilityIT {
    private static final int ROUNDS = 3;
    private static final int MIN_ACKNOWLEDGED = 300;

    @TempDir
    Path dir;

    @Test
    void killMinusNineLosesNoAcknowledgedWrite() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            Outcome o = killWhileWriting("durable-" + round);
            System.out.printf("[h2 kill -9] durable round %d: %d acknowledged, %d missing after reopening%n", round,
                    o.acknowledged, o.missing.size());
            assertThat(o.acknowledged).as("writes acknowledged before the kill").isGreaterThanOrEqualTo(MIN_ACKNOWLEDGED);
            assertThat(o.missing).as("acknowledged ids missing after kill -9 (round %d of %d acknowledged)", round,
                    o.acknowledged).isEmpty();
        }
        Outcome relaxed = killWhileWriting("relaxed", "durability=relaxed");
        System.out.printf("[h2 kill -9] relaxed (WRITE_DELAY=500): %d acknowledged, %d missing after reopening%n",
                relaxed.acknowledged, relaxed.missing.size());
    }

    private record Outcome(int acknowledged, List<String> missing) {}

    private Outcome killWhileWriting(String name, String... properties) throws Exception {
        Path base = dir.resolve(name);
        Path log = dir.resolve(name + ".ids");
        String uri = "h2:" + base;
        String[] args = new String[2 + properties.length];
        args[0] = uri;
        args[1] = log.toString();
        System.arraycopy(properties, 0, args, 2, properties.length);
        Process child = ChildJvm.start(ChildWriter.class, dir.resolve(name + ".out"), args);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (completeLines(log).size() < MIN_ACKNOWLEDGED && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("the child is still writing; its output: %s",
                    Files.readString(dir.resolve(name + ".out"))).isTrue();
            // Land the kill at a random point of the write stream.
            Thread.sleep(ThreadLocalRandom.current().nextInt(50, 300));
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
        }
        List<String> ids = completeLines(log);
        List<String> missing = new ArrayList<>();
        try (MemoryStore reopened = MemoryStores.open(uri)) {
            Namespace ns = reopened.namespace("t", "kill");
            for (String id : ids) {
                if (ns.get(MemoryId.parse(id)).isEmpty()) {
                    missing.add(id);
                }
            }
            assertThat(ns.count()).as("rows present: every acknowledged one, maybe one more whose id was not yet logged")
                    .isBetween((long) ids.size() - missing.size(), (long) ids.size() - missing.size() + 1);
        }
        return new Outcome(ids.size(), missing);
    }

    /** The log's lines that end with a newline (a kill may cut the last one short). */
    private static List<String> completeLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }
}
