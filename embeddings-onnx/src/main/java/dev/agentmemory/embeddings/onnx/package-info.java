/**
 * Local sentence embeddings for agent-memory: {@link dev.agentmemory.embeddings.onnx.MiniLmEmbedder}
 * runs the quantized all-MiniLM-L6-v2 model in process with ONNX Runtime, behind core's
 * {@link dev.agentmemory.Embedder} SPI. The model ships inside a jar on the class path; nothing
 * is downloaded at run time.
 */
package dev.agentmemory.embeddings.onnx;
