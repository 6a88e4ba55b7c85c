/**
 * The reference storage engine: the storage SPI ({@link dev.agentmemory.spi}) implemented in
 * memory, small enough to read in one sitting, passing the whole contract test kit.
 *
 * <p>Two uses. A backend author reads it as an executable specification: what every session
 * method must return, how transactions must behave, which failures have which kind. And tests
 * of core's semantics (group commit, freshness, retries, validation) run on it without a
 * database: {@code MemoryStores.open("reference:<name>")}, with {@link
 * dev.agentmemory.reference.ReferenceFaults} to make storage fail on purpose.
 *
 * <p>Public: {@link dev.agentmemory.reference.ReferenceProvider} (found by
 * {@link java.util.ServiceLoader}), {@link dev.agentmemory.reference.ReferenceEngine} and
 * {@link dev.agentmemory.reference.ReferenceFaults}. Everything else is package-private.
 */
package dev.agentmemory.reference;
