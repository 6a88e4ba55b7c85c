package dev.agentmemory.spring.boot;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The test application on a real PostgreSQL server (embedded), in a schema of its own. */
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
