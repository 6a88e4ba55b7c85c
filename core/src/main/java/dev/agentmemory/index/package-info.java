/**
 * The in-process search index, in pieces with one job each, and the namespace index that
 * composes them. These are the index's building blocks, public so that the benchmarks (and
 * later other indexes, such as a quantized one) can put them together; they carry no
 * compatibility promise beyond the minor version. The store holds its namespace indexes in a
 * cache bounded in bytes (in {@code dev.agentmemory.internal}); this package gives it the
 * weights, the byte limit of a load and the streamed scan of a namespace too large to hold.
 *
 * <ul>
 *   <li>{@link dev.agentmemory.index.NamespaceIndex}: one namespace's index over a
 *       {@link dev.agentmemory.spi.ChangeFeed}; its freshness protocol (change counter,
 *       watermark, staleness bound, paged first load, which changes apply) lives in
 *       {@code Freshness}; a search reads its best candidates' memories through a
 *       {@link dev.agentmemory.index.NamespaceIndex.RowSource}.</li>
 *   <li>{@link dev.agentmemory.index.StreamedScan}: the exact search of a namespace too large to
 *       hold, page by page through the same scan.</li>
 *   <li>{@link dev.agentmemory.index.SlotStore}: the vectors in one contiguous array, their
 *       norms, and what a scan reads per slot (expiry, id, timestamps, metadata) in primitive
 *       arrays; free slots; the id-to-slot table ({@code SlotIds}).</li>
 *   <li>{@link dev.agentmemory.index.VectorKernel} and {@link dev.agentmemory.index.VectorKernels}:
 *       the inner loops, scalar or on the Vector API, chosen at run time.</li>
 *   <li>{@link dev.agentmemory.index.VectorScorer} and
 *       {@link dev.agentmemory.index.FloatVectorScorer}: how a slot is scored for a query.</li>
 *   <li>{@link dev.agentmemory.index.TopK}: the bounded collector of the best k.</li>
 *   <li>{@link dev.agentmemory.index.ExactScan} and {@link dev.agentmemory.index.ScanPool}: the
 *       exact scan, on one thread or in chunks on several.</li>
 *   <li>{@link dev.agentmemory.index.HnswGraph}, {@link dev.agentmemory.index.HnswBuilder},
 *       {@link dev.agentmemory.index.HnswSearcher}: the approximate graph's storage, its
 *       construction and its search.</li>
 * </ul>
 *
 * <p>The package depends on the public API and on the SPI's {@code ChangeFeed} alone, never on
 * {@code dev.agentmemory.internal}.
 */
package dev.agentmemory.index;
