package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A graceful stop tells kept-alive clients to let go, so it does not wait for its deadline. */
class GracefulStopIntegrationTest {

    private DemoBackend backend;
    private GatewayFixture gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void keepAliveClientMidRequest_gatewayStartsStopping_clientGetsItsAnswerWithConnectionClose_thenTheConnectionCloses()
            throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
        gateway = GatewayFixture.builder().pool("web", p -> p.backend("A", backend.port())).start();
        try (RawHttpClient client = gateway.connect()) {
            assertThat(client.exchange("GET /warm HTTP/1.1\r\nHost: test\r\n\r\n").header("connection")).isNull();
            client.send("GET /slow?ms=1000 HTTP/1.1\r\nHost: test\r\n\r\n");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.gatehouse().activeExchanges() == 1);

            CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
                    () -> gateway.gatehouse().shutdownGracefully(Duration.ofSeconds(30)));
            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualToIgnoringCase("close");
            assertThat(client.closedByServer()).isTrue();
            assertThat(stopped.get()).as("stopped with nothing left in flight").isTrue();
        }
    }
}
