package dev.agentmemory.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentmemory.StoreConfig;
import dev.agentmemory.sqlite.SqliteProvider;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.WriteSession;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session escaping its thread or its callback fails loudly and touches nothing. */
class SessionConfinementTest {
    @TempDir
    Path dir;

    @Test
    void useFromAnotherThreadOrAfterTheCallbackThrowsNamingTheOwner() throws Exception {
        try (StorageEngine engine = new SqliteProvider().open(StoreConfig.builder("sqlite:" + dir.resolve("c.db")).build())) {
            String owner = Thread.currentThread().getName();
            AtomicReference<Throwable> fromOther = new AtomicReference<>();
            WriteSession leaked = engine.write(s -> {
                Thread intruder = new Thread(() -> {
                    try {
                        s.ensureNamespace("t", "stolen");
                    } catch (Throwable e) {
                        fromOther.set(e);
                    }
                }, "intruder");
                intruder.start();
                try {
                    intruder.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return s;
            });
            assertThat(fromOther.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("confined to thread '" + owner + "'")
                    .hasMessageContaining("'intruder'");
            assertThatThrownBy(() -> leaked.ensureNamespace("t", "late")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + owner + "'").hasMessageContaining("after the callback returned");
            assertThat(engine.<Long>write(s -> s.advanceSequence("t", "stolen", 1))).as("untouched").isZero();
            assertThat(engine.<Long>write(s -> s.advanceSequence("t", "late", 1))).as("untouched").isZero();
        }
    }
}
