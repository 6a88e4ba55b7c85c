package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentmemory.ErrorCode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusMappingTest {

    /** What the client can fix is a 4xx; only the server's own failures are 5xx. */
    @Test
    void every_store_error_code_has_a_status_and_client_errors_are_4xx() {
        Set<ErrorCode> serverSide = EnumSet.of(ErrorCode.NO_EMBEDDER, ErrorCode.EMBEDDER_FAILED, ErrorCode.RANKER_FAILED, ErrorCode.STORAGE_FAILURE,
                ErrorCode.NO_BACKEND,
                ErrorCode.INVALID_CONFIG, ErrorCode.OVERLOADED, ErrorCode.STORE_CLOSED, ErrorCode.STORAGE_TRANSIENT);
        for (ErrorCode code : ErrorCode.values()) {
            int status = DemoServer.statusOf(code);
            if (serverSide.contains(code)) {
                assertThat(status).as(code.name()).isBetween(500, 599);
            } else {
                assertThat(status).as(code.name()).isBetween(400, 499);
            }
        }
        assertThat(DemoServer.statusOf(ErrorCode.NOT_FOUND)).isEqualTo(404);
        assertThat(DemoServer.statusOf(ErrorCode.CONTENT_TOO_LARGE)).isEqualTo(413);
        assertThat(DemoServer.statusOf(ErrorCode.OVERLOADED)).isEqualTo(503);
    }
}
