package dev.gatehouse.security;

import dev.gatehouse.testing.YamlGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RecordingBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A listener with {@code path-normalization: reject}: paths not in normal form get 400, never a backend. */
class PathRejectModeIntegrationTest {

    private static final String YAML = """
            listeners:
              - name: public
                address: 127.0.0.1:0
                path-normalization: reject
            admin:
              address: 127.0.0.1:0
            routes:
              - match: { path-prefix: / }
                pool: web
            pools:
              web:
                backends:
                  - { name: A, address: 127.0.0.1:BACKEND_PORT }
            """;

    private RecordingBackend backend;
    private YamlGateway gateway;

    @BeforeEach
    void start() throws Exception {
        backend = RecordingBackend.start();
        gateway = YamlGateway.start(YAML, backend.port());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @Test
    void dotSegmentsEncodedDotsAndDoubleSlashes_gatewayAnswers400_backendSeesNothing_normalPathsServed() throws Exception {
        for (String path : new String[] {"/api/../admin", "/api/%2e%2e/admin", "//admin", "/a/./b"}) {
            assertThat(gateway.exchange("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").status()).as(path).isEqualTo(400);
        }
        assertThat(backend.requests()).isEmpty();

        assertThat(gateway.exchange("GET /admin?x=../y HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
        assertThat(backend.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly("/admin?x=../y");
    }
}
