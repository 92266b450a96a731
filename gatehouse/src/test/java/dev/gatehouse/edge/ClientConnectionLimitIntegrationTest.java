package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.config.load.ConfigException;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.YamlGateway;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** max-connections-per-client: one client address cannot hold more connections than its share. */
class ClientConnectionLimitIntegrationTest {

    private static final String YAML = YamlGateway.oneBackendWithLimits("{ max-connections-per-client: 2, max-headers: 50 }");
    private static final String GET = "GET / HTTP/1.1\r\nHost: t\r\n\r\n";

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

    private RawHttpClient from(String source) throws Exception {
        return new RawHttpClient(gateway.port(), source);
    }

    @Test
    void clientOpensAThirdConnection_gatewayClosesIt_otherClientsAndItsOwnFirstTwoAreServed() throws Exception {
        try (RawHttpClient first = from("127.0.0.2"); RawHttpClient second = from("127.0.0.2")) {
            assertThat(first.exchange(GET).status()).isEqualTo(200);
            assertThat(second.exchange(GET).status()).isEqualTo(200);

            try (RawHttpClient third = from("127.0.0.2")) {
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(new AdminClient(gateway.gatehouse.adminPort()).get("/metrics").body())
                    .contains("gatehouse_connections_refused_total{listener=\"public\",reason=\"per-client-limit\"} 1.0");
            try (RawHttpClient other = from("127.0.0.3")) {
                assertThat(other.exchange(GET).status()).isEqualTo(200);
            }
            assertThat(first.exchange(GET).status()).isEqualTo(200);
        }
        // Both closed: the client has its share back.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (RawHttpClient again = from("127.0.0.2")) {
                assertThat(again.exchange(GET).status()).isEqualTo(200);
            }
        });
    }

    @Test
    void badLimitValues_configIsRefusedWithLineAndKey() {
        String bad = YAML.replace("BACKEND_PORT", "9")
                .replace("{ max-connections-per-client: 2, max-headers: 50 }", "{ max-connections-per-client: -1, max-headers: 0 }");

        assertThatThrownBy(() -> ConfigLoader.parse(bad, "limits.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.yaml:4: listeners[0].limits.max-connections-per-client")
                .hasMessageContaining("limits.yaml:4: listeners[0].limits.max-headers");
    }
}
