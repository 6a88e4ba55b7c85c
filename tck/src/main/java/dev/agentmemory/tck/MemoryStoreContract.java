package dev.agentmemory.tck;

/**
 * Confined to the JUnit thread that runs the test: the whole contract a storage backend must
 * pass; backends extend this.
 *
 * <pre>{@code
 * class SqliteFileContractTest extends MemoryStoreContract {
 *     @Override
 *     protected StoreConfig.Builder storeConfig(Path tempDir) {
 *         return StoreConfig.builder("sqlite:" + tempDir.resolve("memories.db"));
 *     }
 * }
 * }</pre>
 *
 * <p>The chain, each link adding one area: {@link StoreFixture} (opening stores, confinement
 * checking, seeded data) → {@link CrudContract} → {@link FilterContract} →
 * {@link PagingContract} → {@link SearchContract} → {@link TransactionContract} →
 * {@link ValidationContract} → {@link TenancyContract} → {@link LifecycleContract} →
 * {@link RetryContract} → {@link DedupContract} → {@link ExpiryContract} → {@link LinkContract} →
 * {@link ConversationContract} → {@link EmbedderAndAsyncContract} →
 * {@link ConcurrencyContract} → this. A backend supplies {@link #storeConfig} and overrides
 * capability hooks such as {@link #supportsSecondInstance()}; it adds its own tests in other
 * classes.
 */
public abstract class MemoryStoreContract extends ConcurrencyContract {}
