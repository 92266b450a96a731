package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.YamlGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: clients trickling a request head byte by byte hold nothing past the header timeout
 * (they get 408 and are closed), and other clients are served all the while.
 */
class SlowlorisIntegrationTest {

    private static final String YAML = YamlGateway.oneBackendWithLimits("{ header-timeout: 1s }");

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
    void tenClientsTrickleHeaders_eachGets408AndIsClosed_whileAnotherClientIsServedMeanwhile() throws Exception {
        List<RawHttpClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                slow.add(new RawHttpClient(gateway.port()).send("GET / HTTP/1.1\r\n"));
            }
            // Trickle one header byte per client every 100 ms for most of the header timeout (bytes
            // do not extend it), serving another client at each step; then just wait for the 408s.
            int served = 0;
            for (int tick = 0; tick < 8; tick++) {
                for (RawHttpClient c : slow) {
                    c.send("X");
                }
                try (RawHttpClient other = new RawHttpClient(gateway.port())) {
                    if (other.exchange("GET / HTTP/1.1\r\nHost: t\r\n\r\n").status() == 200) {
                        served++;
                    }
                }
                Thread.sleep(100); // the trickle's pace
            }
            for (RawHttpClient c : slow) {
                RawHttpClient.Response response = c.readResponse();
                assertThat(response.status()).isEqualTo(408);
                assertThat(c.closedByServer()).isTrue();
            }
            assertThat(served).as("other clients served while the slow ones trickled").isGreaterThan(0);
        } finally {
            for (RawHttpClient c : slow) {
                c.close();
            }
        }
    }
}
