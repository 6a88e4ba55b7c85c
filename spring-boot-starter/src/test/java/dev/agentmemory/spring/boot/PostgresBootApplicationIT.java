package dev.agentmemory.spring.boot;

import dev.agentmemory.spring.boot.app.NotesApplication;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The test application on a real PostgreSQL server (embedded), in a schema of its own. */
@SpringBootTest(classes = NotesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.banner-mode=off",
            "management.endpoints.web.exposure.include=health,metrics",
            "management.endpoint.health.show-details=always",
            "agentmemory.vector-store.tenant=app",
            "agentmemory.vector-store.namespace=notes",
            "agentmemory.chat-memory.tenant=app"})
class PostgresBootApplicationIT extends BootApplicationContract {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        PgServer pg = PgServer.shared();
        registry.add("agentmemory.uri", () -> pg.uri);
        if (pg.user != null) {
            registry.add("agentmemory.user", () -> pg.user);
        }
        if (pg.password != null) {
            registry.add("agentmemory.password", () -> pg.password);
        }
        String schema = ("boot_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36)).toLowerCase(Locale.ROOT);
        registry.add("agentmemory.properties.schema", () -> schema);
    }

    @Override
    String expectedBackend() {
        return "postgresql:";
    }
}
