package dev.agentmemory.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The test application on a real SQLite file, served by a real Tomcat on a random port. */
class SqliteBootApplicationTest extends BootApplicationContract {
    private static final Path DIR = tempDir();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("agentmemory.uri", () -> "sqlite:" + DIR.resolve("boot.db"));
    }

    @Override
    String expectedBackend() {
        return "sqlite:";
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("agent-memory-boot");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
