/**
 * The H2 backend's machinery: URI parsing, settings, the dialect, pools, and the registry of
 * in-memory databases.
 *
 * <p>No compatibility promise: anything here may change in any release.
 */
package dev.agentmemory.h2.internal;
