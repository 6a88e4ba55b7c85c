package dev.agentmemory.spring.boot;

import dev.agentmemory.spring.boot.app.NotesApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The test application on a real SQLite file, served by a real Tomcat on a random port. */
@SpringBootTest(classes = NotesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.banner-mode=off",
            "management.endpoints.web.exposure.include=health,metrics",
            "management.endpoint.health.show-details=always",
            "agentmemory.vector-store.tenant=app",
            "agentmemory.vector-store.namespace=notes",
            "agentmemory.chat-memory.tenant=app"})
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
