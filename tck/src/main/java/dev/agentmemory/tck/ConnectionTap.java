package dev.agentmemory.tck;

import dev.agentmemory.StoreConfig;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Thread-safe: implementations hold no state. How a backend lets the kit see its connections:
 * it installs a {@link DataSource} decorator into a store's configuration so that every
 * connection the store borrows passes through it, outside the backend's pool (one
 * {@code getConnection()} per borrow, one {@code close()} per return).
 *
 * <p>This is the kit's only point of contact with the way a backend reaches its database, so
 * the kit needs none of the backend's modules. The JDBC backends of this project all read the
 * decorator from one configuration attribute:
 *
 * <pre>{@code
 * public ConnectionTap connectionTap() {
 *     return ConnectionTap.attribute(JdbcSettings.DATA_SOURCE_DECORATOR);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionTap {

    /**
     * Makes the store {@code config} describes pass its connections through {@code decorator}.
     *
     * @param config the store's configuration, before it is built
     * @param decorator wraps the backend's pooled data source; the kit's confinement checker
     *     and fault injectors
     * @return the builder to open the store from (usually {@code config} itself)
     */
    StoreConfig.Builder install(StoreConfig.Builder config, UnaryOperator<DataSource> decorator);

    /**
     * A tap for a backend that reads the decorator from the typed configuration attribute
     * {@code key}.
     *
     * @param key the backend's attribute, for example {@code JdbcSettings.DATA_SOURCE_DECORATOR}
     * @return a tap that sets {@code key} to the decorator
     */
    static ConnectionTap attribute(StoreConfig.Key<UnaryOperator<DataSource>> key) {
        return (config, decorator) -> config.attribute(key, decorator);
    }
}
