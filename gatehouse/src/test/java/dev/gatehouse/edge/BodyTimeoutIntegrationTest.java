package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.YamlGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** body-timeout: a client that stalls mid-body gets 408 and is closed; one that keeps sending is not. */
class BodyTimeoutIntegrationTest {

    private static final String YAML = YamlGateway.oneBackendWithLimits("{ body-timeout: 500ms }");

    private DemoBackend backend;
    private YamlGateway gateway;

    @BeforeEach
    void start() throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
        gateway = YamlGateway.start(YAML, backend.port());
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.close();
    }

    @Test
    void clientSendsPartOfItsBodyAndStalls_gatewayAnswers408AndCloses_thenServesOthers() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(408);
            assertThat(client.closedByServer()).isTrue();
        }
        try (RawHttpClient other = new RawHttpClient(gateway.port())) {
            assertThat(other.exchange("GET / HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
        }
    }

    @Test
    void clientSendsItsBodySlowlyButSteadily_eachPieceWithinTheTimeout_requestIsServed() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\n");
            for (char c : "slow".toCharArray()) {
                // Each piece comes well within the 500 ms body timeout, the whole body after it.
                Thread.sleep(200);
                client.send(String.valueOf(c));
            }

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("slow");
        }
    }
}
