/**
 * The store's machinery: the implementation of the public API over the SPI, the search
 * index, validation, retries and the call gate. No compatibility promise: anything here may
 * change in any release.
 */
package dev.agentmemory.internal;
