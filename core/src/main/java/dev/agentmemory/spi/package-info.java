/**
 * The storage SPI: what a backend implements so that the store can run on it.
 *
 * <p>A backend ships a {@link dev.agentmemory.spi.StorageProvider} listed in
 * {@code META-INF/services/dev.agentmemory.spi.StorageProvider}. The provider opens a
 * {@link dev.agentmemory.spi.StorageEngine}; the engine runs work in read or write
 * transactions and hands the work a session that is confined to the calling thread and dies
 * with the callback: a {@link dev.agentmemory.spi.ReadSession} for reads, which has no write
 * method, and a {@link dev.agentmemory.spi.WriteSession} for writes. Both are made of small
 * capability interfaces, one per area: memory rows ({@code MemoryReader}, {@code MemoryWriter}),
 * the change feed the search index reads ({@code ChangeFeed}), history, links and
 * conversations. Nothing in this SPI takes or
 * returns a connection: the engine borrows one, uses it and returns it inside one call, on
 * one thread.
 *
 * <p>Validation, id generation, timestamps, versions, the change-counter protocol, the
 * search index and retries all live in core, so every backend behaves the same; the
 * contract test kit ({@code agent-memory-tck}) checks that it does.
 */
package dev.agentmemory.spi;
