package dev.agentmemory.tck;

/**
 * Confined to the JUnit thread that runs the test: every area of the contract that each
 * backend must pass whatever it supports, in one interface, so a backend's test stays a few
 * lines.
 *
 * <pre>{@code
 * class SqliteFileContractTest implements MemoryStoreContract, SecondInstanceContract, RetryContract {
 *     @Override
 *     public StoreConfig.Builder storeConfig(Path dir) {
 *         return StoreConfig.builder("sqlite:" + dir.resolve("memories.db"));
 *     }
 *
 *     @Override
 *     public ConnectionTap connectionTap() {
 *         return ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR);
 *     }
 * }
 * }</pre>
 *
 * <p>The areas are independent interfaces over {@link StoreFixture}; their order means
 * nothing. What a backend may or may not support is a capability, declared by implementing
 * its interface too: {@link SecondInstanceContract} (a second store on the same database),
 * {@link ConfinementCheckedContract} (connections pass the confinement checker) and
 * {@link RetryContract} (lost commit replies, injected through the same tap). A test that
 * needs a capability lives in that capability's interface, so a backend without it does not
 * have the test at all instead of skipping it. See {@code docs/TCK.md}.
 *
 * <p>One hook every backend supplies: {@link ErasureContract#storedRows}, which counts a tenant's
 * rows in every table of the backend (for JDBC backends, {@link JdbcTenantRows} over the
 * catalog), so that the kit can prove an erasure left nothing.
 */
public interface MemoryStoreContract extends CrudContract, FilterContract, PagingContract, SearchContract,
        TransactionContract, ValidationContract, TenancyContract, LifecycleContract, DedupContract, ExpiryContract,
        LinkContract, ConversationContract, EmbedderAndAsyncContract, ConcurrencyContract, FaultContract,
        RankingContract, ErasureContract, ExportSupportContract, KeywordSearchContract {}
