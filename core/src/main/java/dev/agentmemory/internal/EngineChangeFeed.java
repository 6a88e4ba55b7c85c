package dev.agentmemory.internal;

import dev.agentmemory.MemoryId;
import dev.agentmemory.spi.ChangeBatch;
import dev.agentmemory.spi.ChangeFeed;
import dev.agentmemory.spi.FeedPosition;
import dev.agentmemory.spi.StorageEngine;
import dev.agentmemory.spi.StoredMemory;
import java.util.List;

/**
 * Thread-safe: share one instance. The change feed of an engine, each call in a read of its own:
 * the counter check is one statement (no transaction bracket), the changes one snapshot, each
 * page of a load one snapshot.
 */
final class EngineChangeFeed implements ChangeFeed {
    private final StorageEngine engine;

    EngineChangeFeed(StorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public long currentSequence(String tenant, String namespace) {
        return engine.readSingleStatement(s -> s.currentSequence(tenant, namespace));
    }

    @Override
    public FeedPosition position(String tenant, String namespace) {
        return engine.readSingleStatement(s -> s.position(tenant, namespace));
    }

    @Override
    public ChangeBatch changesSince(String tenant, String namespace, long afterSeq) {
        return engine.read(s -> s.changesSince(tenant, namespace, afterSeq));
    }

    @Override
    public List<StoredMemory> livePage(String tenant, String namespace, MemoryId after, int limit) {
        return engine.read(s -> s.livePage(tenant, namespace, after, limit));
    }
}
