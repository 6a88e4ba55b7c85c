package dev.agentmemory.jdbc;

import dev.agentmemory.StoreConfig;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Thread-safe: constants only. Typed {@link StoreConfig} attributes understood by every
 * JDBC backend.
 */
public final class JdbcSettings {

    /**
     * Wraps every pooled {@link DataSource} a JDBC backend hands to Jdbi, outside the pool,
     * so each {@code getConnection()} is one borrow and each {@code close()} one return. The
     * contract test kit installs its confinement checker through this.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final StoreConfig.Key<UnaryOperator<DataSource>> DATA_SOURCE_DECORATOR =
            new StoreConfig.Key<>("jdbc.dataSourceDecorator", (Class) UnaryOperator.class);

    private JdbcSettings() {}
}
