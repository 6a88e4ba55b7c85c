/**
 * What the JDBC backends share: the {@link dev.agentmemory.jdbc.JdbcEngine} that runs the
 * storage SPI on Jdbi over HikariCP pools, the {@link dev.agentmemory.jdbc.SqlDialect} that
 * captures what differs between databases, and the {@link dev.agentmemory.jdbc.JdbcSettings}
 * every JDBC backend understands.
 *
 * <p>A backend builds its pools, picks a dialect and hands both to
 * {@link dev.agentmemory.jdbc.JdbcEngine#builder}; the engine migrates the schema, runs
 * every transaction, and classifies every database failure.
 */
package dev.agentmemory.jdbc;
