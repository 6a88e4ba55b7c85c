package dev.agentmemory.spring.boot;

import dev.agentmemory.Embedder;
import dev.agentmemory.StoreConfig;

/** Thread-safe: static methods only. Turns {@code agentmemory.*} properties into a {@link StoreConfig}. */
final class StoreConfigs {
    private StoreConfigs() {}

    /**
     * The configuration the properties describe, with {@code embedder} if there is one.
     *
     * @throws IllegalStateException if a property asks for something the store cannot do yet
     */
    static StoreConfig from(AgentMemoryProperties props, Embedder embedder) {
        if (props.getIndex().getMemoryBudget() != null) {
            throw new IllegalStateException("agentmemory.index.memory-budget is set to " + props.getIndex().getMemoryBudget()
                    + ", but this version of agent-memory keeps every loaded index in memory and has no budget yet;"
                    + " remove the property (it is reserved for the release that adds the budget)");
        }
        StoreConfig.Builder b = StoreConfig.builder(props.getUri()).closeTimeout(props.getCloseTimeout());
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
