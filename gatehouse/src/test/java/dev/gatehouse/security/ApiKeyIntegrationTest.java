package dev.gatehouse.security;

import dev.gatehouse.testing.YamlGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client with/without/with a wrong API key → gateway checks the hash → backend sees only known keys, by name. */
class ApiKeyIntegrationTest {

    private static RecordingBackend backend;
    private static YamlGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.start();
        gateway = YamlGateway.start("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                routes:
                  - name: admin
                    match: { path-prefix: /admin/ }
                    pool: web
                    auth:
                      api-keys:
                        header: X-Api-Key
                        keys:
                          - { name: mobile, sha256: %s }
                          - { name: ops, sha256: %s }
                        allow: [ops]
                  - name: api
                    match: { path-prefix: /api/ }
                    pool: web
                    auth:
                      api-keys:
                        query: api_key
                        keys: [ { name: mobile, sha256: %s } ]
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:BACKEND_PORT }
                """.formatted(ApiKeyFilter.sha256Hex("mobile-secret"), ApiKeyFilter.sha256Hex("ops-secret"),
                ApiKeyFilter.sha256Hex("mobile-secret")), backend.port());
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

    private static String get(String target, String extra) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
    }

    @Test
    void noKey_401WithChallenge_backendSeesNothing() throws Exception {
        RawHttpClient.Response response = gateway.exchange(get("/admin/x", ""));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("ApiKey");
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void wrongKey_401_backendSeesNothing() throws Exception {
        assertThat(gateway.exchange(get("/admin/x", "X-Api-Key: guess\r\n")).status()).isEqualTo(401);
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void knownKeyTheRouteDoesNotAdmit_403_backendSeesNothing() throws Exception {
        assertThat(gateway.exchange(get("/admin/x", "X-Api-Key: mobile-secret\r\n")).status()).isEqualTo(403);
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void admittedKey_backendSeesTheKeyNameNotTheKey_evenWhenTheClientSpoofsTheIdentityHeader() throws Exception {
        RawHttpClient.Response response = gateway.exchange(get("/admin/x",
                "X-Api-Key: ops-secret\r\nX-Auth-Key: mobile\r\n"));

        assertThat(response.status()).isEqualTo(200);
        RecordingBackend.RecordedRequest seen = backend.requests().get(0);
        assertThat(seen.headers("X-Auth-Key")).containsExactly("ops");
        assertThat(seen.headers("X-Api-Key")).isEmpty();
    }

    @Test
    void keyInTheQuery_checkedTheSameWay_andTheGatewayStillServesAfterRejections() throws Exception {
        assertThat(gateway.exchange(get("/api/x", "")).status()).isEqualTo(401);
        assertThat(gateway.exchange(get("/api/x?api_key=nope", "")).status()).isEqualTo(401);
        assertThat(backend.requests()).isEmpty();

        RawHttpClient.Response ok = gateway.exchange(get("/api/x?a=1&api_key=mobile-secret", ""));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(backend.requests().get(0).header("X-Auth-Key")).isEqualTo("mobile");
    }
}
