package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client → gateway adds X-Forwarded-For/Proto/Host and Via → backend sees who asked, how, and for which host. */
class ForwardedHeadersIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoBackend backend;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
        gateway = GatewayFixture.builder().pool("web", p -> p.backend("A", backend.port())).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
    }

    @Test
    void clientSendsAPlainRequest_gatewayAddsForwardedHeaders_backendSeesClientIpProtoHostAndVia() throws Exception {
        JsonNode headers = backendSees("GET /fwd HTTP/1.1\r\nHost: shop.example.com:8080\r\n\r\n");

        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.get("x-forwarded-host").asText()).isEqualTo("shop.example.com:8080");
        assertThat(headers.get("via").asText()).isEqualTo("1.1 gatehouse");
        assertThat(headers.get("host").asText()).isEqualTo("shop.example.com:8080");
    }

    @Test
    void clientNotATrustedProxySendsAnXForwardedFor_gatewayReplacesIt_backendSeesOnlyThePeer() throws Exception {
        // Without trusted-proxies, a client's X-Forwarded-For is a claim nobody vouches for
        // (dev.gatehouse.security.TrustedProxiesIntegrationTest covers the trusted chain).
        JsonNode headers = backendSees("GET /fwd HTTP/1.1\r\nHost: test\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n");

        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void clientNotATrustedProxySendsTwoXForwardedForHeaders_gatewayReplacesBoth_backendSeesOnlyThePeer() throws Exception {
        JsonNode headers = backendSees("GET /fwd HTTP/1.1\r\nHost: test\r\n"
                + "X-Forwarded-For: 1.2.3.4\r\nX-Forwarded-For: 5.6.7.8\r\n\r\n");

        assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void clientClaimsAnotherProtoAndHost_gatewayOverwritesThem_backendSeesWhatTheGatewaySaw() throws Exception {
        JsonNode headers = backendSees("GET /fwd HTTP/1.1\r\nHost: real.example.com\r\n"
                + "X-Forwarded-Proto: https\r\nX-Forwarded-Host: forged.example.com\r\n\r\n");

        assertThat(headers.get("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(headers.get("x-forwarded-host").asText()).isEqualTo("real.example.com");
    }

    @Test
    void clientSendsAVia_gatewayAppendsItself_backendSeesBothHops() throws Exception {
        JsonNode headers = backendSees("GET /fwd HTTP/1.1\r\nHost: test\r\nVia: 1.0 edge\r\n\r\n");

        assertThat(headers.get("via").asText()).isEqualTo("1.0 edge, 1.1 gatehouse");
    }

    private static JsonNode backendSees(String request) throws Exception {
        RawHttpClient.Response response = gateway.exchange(request);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return JSON.readTree(response.body()).get("headers");
    }
}
