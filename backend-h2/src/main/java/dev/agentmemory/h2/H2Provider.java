package dev.agentmemory.h2;

import dev.agentmemory.KnownBackend;
import dev.agentmemory.h2.internal.H2Dialect;
import dev.agentmemory.h2.internal.H2Location;
import dev.agentmemory.h2.internal.H2Storage;
import dev.agentmemory.jdbc.JdbcProvider;

/**
 * Thread-safe: share one instance. The H2 backend: H2 2.x embedded, a file (MVStore) or in memory.
 *
 * <p>URIs: {@code h2:path}, {@code h2:mem:name}, {@code jdbc:h2:path}, {@code jdbc:h2:file:path},
 * {@code jdbc:h2:mem:name}. A path names the database as H2 does, without {@code .mv.db}
 * (given with it, the suffix is dropped); its parent directories are created.
 *
 * <p>Design: durable by default ({@code WRITE_DELAY=0}: no acknowledged write is lost when the
 * process is killed); file I/O through H2's {@code async:} file system, so an interrupted caller
 * thread cannot close the database file under the others; a lock timeout whose expiry is a
 * retryable error; a write pool and a read pool (MVCC: reads take no locks). One process opens a
 * file at a time: a second gets an error naming the file. {@code h2:mem:name} is shared by the
 * stores of one JVM opened on that name and dropped when the last closes.
 *
 * <p>Properties: {@code durability} ({@code durable} (default) or {@code relaxed}),
 * {@code writeDelayMillis} (with {@code relaxed}, default 500), {@code lockTimeoutMillis}
 * (default 10000), {@code writers} (default 4), {@code readers} (default 4),
 * {@code connectionTimeoutMillis} (default 30000).
 */
public final class H2Provider extends JdbcProvider<H2Location> {

    /** Creates the provider; cheap, touches nothing. */
    public H2Provider() {
        super(KnownBackend.H2, H2Dialect.INSTANCE, H2Location::parse,
                (location, config) -> H2Storage.open(location, config).engine());
    }
}
