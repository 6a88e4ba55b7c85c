package dev.agentmemory.mcp;

import dev.agentmemory.Embedder;
import dev.agentmemory.tck.support.WordHashEmbedder;

/**
 * Thread-safe: share one instance. The TCK's word-hash embedder behind a no-argument
 * constructor, so a server process can take it as {@code --embedder dev.agentmemory.mcp.TestEmbedder}
 * and start in a fraction of the time the MiniLM model needs.
 */
public final class TestEmbedder implements Embedder {
    private final WordHashEmbedder delegate = new WordHashEmbedder(64);

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public float[] embed(String text) {
        return delegate.embed(text);
    }
}
