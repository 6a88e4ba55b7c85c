package dev.agentmemory.internal;

import dev.agentmemory.Match;
import dev.agentmemory.MemoryStore;
import dev.agentmemory.Namespace;
import dev.agentmemory.Search;
import dev.agentmemory.StoreConfig;
import dev.agentmemory.StoreStats;
import dev.agentmemory.TransactionCallback;
import dev.agentmemory.spi.StorageEngine;
import java.util.List;

/** Thread-safe: share one instance. Placeholder while the implementation is written. */
public final class DefaultMemoryStore implements MemoryStore {
    private final StorageEngine engine;

    /** Creates the store over an open engine. */
    public DefaultMemoryStore(StorageEngine engine, StoreConfig config) {
        this.engine = engine;
    }

    @Override
    public Namespace namespace(String tenant, String namespace) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public List<Match> search(String tenant, List<String> namespaces, Search search) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public <T> T inTransaction(String tenant, TransactionCallback<T> work) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public String describe() {
        return engine.describe();
    }

    @Override
    public StoreStats stats() {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public void close() {
        engine.close();
    }
}
