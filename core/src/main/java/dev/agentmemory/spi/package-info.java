/**
 * The storage SPI: what a backend implements so that the store can run on it.
 *
 * <p>A backend ships a {@link dev.agentmemory.spi.StorageProvider} listed in
 * {@code META-INF/services/dev.agentmemory.spi.StorageProvider}. The provider opens a
 * {@link dev.agentmemory.spi.StorageEngine}; the engine runs work in read or write
 * transactions and hands the work a {@link dev.agentmemory.spi.StorageSession} that is
 * confined to the calling thread and dies with the callback. Nothing in this SPI takes or
 * returns a connection: the engine borrows one, uses it and returns it inside one call, on
 * one thread.
 *
 * <p>Validation, id generation, timestamps, versions, the change-counter protocol, the
 * search index and retries all live in core, so every backend behaves the same; the
 * contract test kit ({@code agent-memory-tck}) checks that it does.
 */
package dev.agentmemory.spi;
