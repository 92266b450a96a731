package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client → gateway spreads requests round robin over the pool's backends in config order → client sees A, B, C, D in turn. */
class RoundRobinIntegrationTest {

    private static final List<String> NAMES = List.of("A", "B", "C", "D");
    private static final List<DemoBackend> backends = new ArrayList<>();
    private GatewayFixture gateway;

    @BeforeAll
    static void startBackends() throws Exception {
        for (String name : NAMES) {
            backends.add(DemoBackend.start(name, "127.0.0.1", 0));
        }
    }

    @AfterAll
    static void stopBackends() {
        backends.forEach(DemoBackend::close);
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A fresh gateway per test, so each starts at the first backend. */
    private GatewayFixture startGateway() throws Exception {
        gateway = GatewayFixture.builder()
                .pool("demo", p -> backends.forEach(b -> p.backend(b.name(), b.port())))
                .start();
        return gateway;
    }

    @Test
    void eightSequentialRequestsOnOneConnection_gatewayTakesBackendsInConfigOrder_clientSeesABCDABCD() throws Exception {
        startGateway();
        List<String> seen = new ArrayList<>();
        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; i < 8; i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("/rr/" + i));
                assertThat(response.status()).isEqualTo(200);
                seen.add(response.header("x-backend"));
            }
        }

        assertThat(seen).containsExactly("A", "B", "C", "D", "A", "B", "C", "D");
    }

    @Test
    void fourRequestsOnFourConnections_gatewayTakesBackendsInConfigOrder_clientSeesABCD() throws Exception {
        startGateway();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(gateway.exchange(RawHttpClient.get("/rr/" + i)).header("x-backend"));
        }

        assertThat(seen).containsExactly("A", "B", "C", "D");
    }

    @Test
    void oneBackendRefusesConnections_gatewayTriesTheNextOne_clientOnlySeesAnswersFromTheLiveOnes() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        gateway = GatewayFixture.builder()
                .pool("demo", p -> p.backend("A", backends.get(0).port())
                        .backend("dead", closedPort)
                        .backend("C", backends.get(2).port()))
                .start();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/rr/" + i));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            seen.add(response.header("x-backend"));
        }

        assertThat(seen).containsOnly("A", "C").contains("A", "C");
    }
}
