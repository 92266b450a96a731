package dev.gatehouse.security;

import dev.gatehouse.testing.YamlGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.load.ConfigException;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.testing.RecordingBackend;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes that list their methods: anything else is answered 405 with Allow and never forwarded. */
class MethodFilterIntegrationTest {

    private static final String YAML = """
            listeners:
              - name: public
                address: 127.0.0.1:0
            admin:
              address: 127.0.0.1:0
            routes:
              - match: { path-prefix: /read/ }
                pool: web
                methods: [GET, HEAD]
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
    void postOnAGetOnlyRoute_gatewayAnswers405WithAllow_backendSeesNothing_getStillServed() throws Exception {
        var rejected = gateway.exchange("POST /read/x HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi");

        assertThat(rejected.status()).isEqualTo(405);
        assertThat(rejected.header("allow")).isEqualTo("GET, HEAD");
        assertThat(backend.requests()).isEmpty();

        assertThat(gateway.exchange("GET /read/x HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
        assertThat(gateway.exchange("POST /other HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n").status())
                .isEqualTo(200);
        assertThat(backend.requests()).extracting(RecordingBackend.RecordedRequest::method).containsExactly("GET", "POST");
    }

    @Test
    void aRouteListingALowerCaseOrEmptyMethod_configIsRefusedWithTheLineAndKey() {
        String bad = YAML.replace("BACKEND_PORT", "9").replace("methods: [GET, HEAD]", "methods: [get, \"\"]");

        Assertions.assertThatThrownBy(() -> ConfigLoader.parse(bad, "test.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.yaml:9: routes[0].methods[0]: found \"get\" is not a method")
                .hasMessageContaining("routes[0].methods[1]");
    }
}
