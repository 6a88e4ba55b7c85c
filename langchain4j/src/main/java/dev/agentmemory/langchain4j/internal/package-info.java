/**
 * The LangChain4j adapters' machinery: metadata, filter and score translation. No compatibility
 * promise: anything here may change in any release.
 */
package dev.agentmemory.langchain4j.internal;
