package dev.gatehouse.security;

import dev.gatehouse.testing.YamlGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client → (trusted proxy 127.0.0.2) → gateway: the backend sees the proxy's chain and the ACL
 * judges the client it names; from an untrusted peer, the chain is replaced by the peer.
 */
class TrustedProxiesIntegrationTest {

    private static RecordingBackend backend;
    private static YamlGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.start();
        gateway = YamlGateway.start("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                    trusted-proxies: [127.0.0.2, 10.0.0.0/8]
                routes:
                  - name: internal
                    match: { path-prefix: /internal/ }
                    pool: web
                    access: { allow: [192.168.0.0/16] }
                  - match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:BACKEND_PORT }
                """, backend.port());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @BeforeEach
    void reset() {
        backend.reset();
    }

    @Test
    void untrustedClientSpoofsForwardedHeaders_gatewayReplacesThem_backendSeesOnlyThePeer() throws Exception {
        RawHttpClient.Response response = gateway.exchangeFrom("127.0.0.3", "GET /x HTTP/1.1\r\nHost: test\r\n"
                + "X-Forwarded-For: 192.168.1.1\r\nForwarded: for=192.168.1.1\r\nX-Forwarded-Proto: https\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        RecordingBackend.RecordedRequest seen = backend.requests().get(0);
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.3");
        assertThat(seen.headers("Forwarded")).isEmpty();
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
    }

    @Test
    void untrustedClientSpoofsAnAllowedAddress_routeAclJudgesThePeer_403() throws Exception {
        RawHttpClient.Response response = gateway.exchangeFrom("127.0.0.3", "GET /internal/x HTTP/1.1\r\nHost: test\r\n"
                + "X-Forwarded-For: 192.168.1.1\r\n\r\n");

        assertThat(response.status()).isEqualTo(403);
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void trustedProxyForwardsAClient_gatewayAppendsToTheChain_andTheAclJudgesTheClient() throws Exception {
        RawHttpClient.Response response = gateway.exchangeFrom("127.0.0.2", "GET /internal/x HTTP/1.1\r\nHost: test\r\n"
                + "X-Forwarded-For: 6.6.6.6, 192.168.1.1, 10.1.2.3\r\nX-Forwarded-Proto: https\r\n\r\n");

        // 10.1.2.3 is a trusted hop; 192.168.1.1 is the right-most untrusted: the client.
        assertThat(response.status()).isEqualTo(200);
        RecordingBackend.RecordedRequest seen = backend.requests().get(0);
        assertThat(seen.header("X-Forwarded-For")).isEqualTo("6.6.6.6, 192.168.1.1, 10.1.2.3, 127.0.0.2");
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("https");
    }

    @Test
    void trustedProxyForwardsAClientOutsideTheAcl_403_backendSeesNothing_gatewayStillServes() throws Exception {
        RawHttpClient.Response response = gateway.exchangeFrom("127.0.0.2", "GET /internal/x HTTP/1.1\r\nHost: test\r\n"
                + "X-Forwarded-For: 192.168.1.1, 6.6.6.6\r\n\r\n");

        assertThat(response.status()).isEqualTo(403);
        assertThat(backend.requests()).isEmpty();
        assertThat(gateway.exchangeFrom("127.0.0.2", RawHttpClient.get("/x")).status()).isEqualTo(200);
    }
}
