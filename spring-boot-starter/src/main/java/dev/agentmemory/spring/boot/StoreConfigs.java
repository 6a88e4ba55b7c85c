package dev.agentmemory.spring.boot;

import dev.agentmemory.Embedder;
import dev.agentmemory.StoreConfig;

/** Thread-safe: static methods only. Turns {@code agentmemory.*} properties into a {@link StoreConfig}. */
final class StoreConfigs {
    private StoreConfigs() {}

    /**
     * The configuration the properties describe, with {@code embedder} if there is one.
     *
     * @throws IllegalArgumentException if a property is out of range (an index budget below one byte)
     */
    static StoreConfig from(AgentMemoryProperties props, Embedder embedder) {
        StoreConfig.Builder b = StoreConfig.builder(props.getUri()).closeTimeout(props.getCloseTimeout());
        if (props.getIndex().getMemoryBudget() != null) {
            b.indexBudget(props.getIndex().getMemoryBudget().toBytes());
        }
        props.getProperties().forEach(b::property);
        if (props.getUser() != null) {
            b.property("user", props.getUser());
        }
        if (props.getPassword() != null) {
            b.property("password", props.getPassword());
        }
        AgentMemoryProperties.Async async = props.getAsync();
        if (async.getThreads() != null || async.getQueueCapacity() != null) {
            StoreConfig defaults = StoreConfig.builder(props.getUri()).build();
            b.async(async.getThreads() != null ? async.getThreads() : defaults.async().threads(),
                    async.getQueueCapacity() != null ? async.getQueueCapacity() : defaults.async().queueCapacity());
        }
        if (embedder != null) {
            b.embedder(embedder);
        }
        return b.build();
    }
}
