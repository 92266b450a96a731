package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Gatehouse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client → gateway built from DemoConfig → backends A, B, C, D → the client sees each backend in turn. */
class DemoGatewayIntegrationTest {

    private final List<DemoBackend> backends = new ArrayList<>();
    private Gatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        backends.forEach(DemoBackend::close);
    }

    @Test
    void fourRequestsThroughTheDemoGatewayReachABCAndDInTurn() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (String name : DemoConfig.BACKEND_NAMES) {
            DemoBackend backend = DemoBackend.start(name, DemoConfig.HOST, 0);
            backends.add(backend);
            ports.add(backend.port());
        }
        gatehouse = Gatehouse.start(DemoConfig.create(0, 0, ports));
        int port = gatehouse.listenerPort(DemoConfig.LISTENER);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            seen.add(response.headers().firstValue("x-backend").orElseThrow());
        }

        // Round robin from wherever the counter stands: each backend once per four requests, in pool order.
        int first = DemoConfig.BACKEND_NAMES.indexOf(seen.get(0));
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(DemoConfig.BACKEND_NAMES.get((first + i) % 4));
        }
    }
}
