/**
 * The contract test kit: JUnit 5 test interfaces that every storage backend runs.
 *
 * <p>Every contract is an interface over {@link dev.agentmemory.tck.StoreFixture}, whose one
 * abstract method {@link dev.agentmemory.tck.StoreFixture#storeConfig storeConfig} the backend
 * writes. The always-on areas (crud, filters, paging, search, transactions, validation,
 * tenancy, lifecycle, dedup, expiry, links, conversations, embedder and async, concurrency)
 * are gathered in {@link dev.agentmemory.tck.MemoryStoreContract}.
 *
 * <p>A backend declares each capability it has by implementing its interface too:
 * {@link dev.agentmemory.tck.SecondInstanceContract} (a second store on the same database),
 * {@link dev.agentmemory.tck.ConfinementCheckedContract} (connections tapped through a
 * {@link dev.agentmemory.tck.ConnectionTap} and checked for confinement) and
 * {@link dev.agentmemory.tck.RetryContract} (lost commit replies, injected through the same
 * tap). Tests that need a capability live in its interface, so a backend without it has no
 * such test rather than a skipped one:
 *
 * <pre>{@code
 * class H2FileContractTest implements MemoryStoreContract, SecondInstanceContract, RetryContract {
 *     public StoreConfig.Builder storeConfig(Path dir) {
 *         return StoreConfig.builder("h2:" + dir.resolve("memories"));
 *     }
 *
 *     public ConnectionTap connectionTap() {
 *         return ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR);
 *     }
 * }
 * }</pre>
 *
 * <p>See {@code docs/TCK.md} for the list of capabilities and how race tests keep evidence.
 */
package dev.agentmemory.tck;
