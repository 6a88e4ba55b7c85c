/**
 * The machinery behind {@link dev.agentmemory.embeddings.onnx.MiniLmEmbedder}: loading the
 * LangChain4j ONNX model and calling it. Only this package touches LangChain4j types. No
 * compatibility promise: anything here may change in any release.
 */
package dev.agentmemory.embeddings.onnx.internal;
