/**
 * The machinery behind {@link dev.agentmemory.jdbc.JdbcEngine}: the confined session, the SQL
 * statements, the filter compiler, the migrator, codecs and the error classifier.
 *
 * <p>No compatibility promise: anything here may change in any release. Backends of this
 * project use it; third-party code should not.
 */
package dev.agentmemory.jdbc.internal;
