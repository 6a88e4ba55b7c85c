/**
 * The store's machinery: the implementation of the public API over the SPI, validation,
 * retries and the call gate; the search index it uses is {@code dev.agentmemory.index}. No
 * compatibility promise: anything here may change in any release.
 */
package dev.agentmemory.internal;
