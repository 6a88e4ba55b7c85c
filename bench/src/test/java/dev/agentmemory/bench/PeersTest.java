package dev.agentmemory.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's peers are wired right: sqlite-vec's exact search, loaded into sqlite-jdbc, finds
 * what the oracle finds, and wrk's summary is read with its units.
 */
class PeersTest {

    @Test
    void sqlite_vec_finds_exactly_what_the_oracle_finds(@TempDir Path dir) throws Exception {
        Optional<Path> library = SqliteVec.library();
        if (library.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("sqlite-vec is not installed; .ci/run installs it with npm (sqlite-vec@0.1.9)");
        }
        assumeTrue(library.isPresent(), "sqlite-vec not installed: npm install --prefix ~/.cache/agent-memory-npm sqlite-vec");
        Random r = new Random(5);
        float[][] data = SearchBenchTest.random(r, 2_000, 32);
        float[][] queries = SearchBenchTest.random(r, 20, 32);
        int[][] truth = SearchBench.groundTruth(data, queries);
        try (SqliteVec table = SqliteVec.load(library.get(), dir.resolve("vec.db"), data, 500)) {
            assertThat(table.loadSeconds).isPositive();
            for (int q = 0; q < queries.length; q++) {
                assertThat(table.search(queries[q], SearchBench.K)).as("query %d", q).containsExactly(truth[q]);
            }
        }
        assertThat(SqliteVec.version(library.get())).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void wrk_summary_is_read_with_its_units() {
        String out = String.join("\n",
                "Running 20s test @ http://127.0.0.1:40123/",
                "  2 threads and 32 connections",
                "  Thread Stats   Avg      Stdev     Max   +/- Stdev",
                "    Latency   120.50ms   30.10ms 900.00ms   80.00%",
                "    Req/Sec   130.00     20.00   200.00     70.00%",
                "  Latency Distribution",
                "     50%  850.00us",
                "     75%  130.00ms",
                "     90%  160.00ms",
                "     99%    1.20s ",
                "  5210 requests in 20.01s, 3.10MB read",
                "  Socket errors: connect 0, read 1, write 0, timeout 2",
                "  Non-2xx or 3xx responses: 4",
                "Requests/sec:    260.36",
                "Transfer/sec:    158.70KB");
        DemoLoadBench.Wrk w = DemoLoadBench.parse(out);
        assertThat(w.requestsPerSecond()).isEqualTo(260.36);
        assertThat(w.p50Millis()).isEqualTo(0.85);
        assertThat(w.p99Millis()).isEqualTo(1200.0);
        assertThat(w.requests()).isEqualTo(5210);
        assertThat(w.non2xx()).isEqualTo(4);
        assertThat(w.socketErrors()).isEqualTo(3);
    }
}
