/**
 * The layer beneath the SQLite pools: the physical connections HikariCP draws, each with a
 * cache of its compiled statements.
 *
 * <p>Classes here keep a physical connection and its statements in fields, as a driver does:
 * the pool above them lends each connection to one thread at a time, so they are confined by
 * the pool, and the architecture rule against connections in fields exempts this package
 * alone. No compatibility promise: anything here may change in any release.
 */
package dev.agentmemory.sqlite.driver;
