package dev.gatehouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.YamlGateway;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Client from a denied address → gateway refuses (at accept, or 403 on the route) → backend sees nothing. */
class AccessControlIntegrationTest {

    private RecordingBackend backend;
    private YamlGateway gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(String listenerExtra, String routeExtra) throws Exception {
        backend = RecordingBackend.start();
        gateway = YamlGateway.start("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                %s
                admin:
                  address: 127.0.0.1:0
                routes:
                  - name: admin
                    match: { path-prefix: /admin/ }
                    pool: web
                %s
                  - name: open
                    match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:BACKEND_PORT }
                """.formatted(listenerExtra, routeExtra), backend.port());
    }

    @Test
    void listenerDeniesAnAddress_clientFromItIsClosedAtAccept_backendSeesNothing_othersAreServed() throws Exception {
        start("    access: { deny: [127.0.0.2/32] }", "");

        try (RawHttpClient denied = new RawHttpClient(gateway.port(), "127.0.0.2")) {
            denied.send(RawHttpClient.get("/x"));
            assertThat(denied.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(backend.requests()).isEmpty();

        assertThat(gateway.exchangeFrom("127.0.0.3", RawHttpClient.get("/x")).status()).isEqualTo(200);
        assertThat(gateway.exchange(RawHttpClient.get("/x")).status()).isEqualTo(200);
        assertThat(new AdminClient(gateway.gatehouse.adminPort()).get("/metrics").body())
                .contains("gatehouse_connections_refused_total{listener=\"public\",reason=\"ip-denied\"} 1.0");
    }

    @Test
    void listenerAllowsOnlyABlock_clientOutsideItIsClosed_clientInsideIsServed() throws Exception {
        start("    access: { allow: [127.0.0.1, \"::1\"] }", "");

        try (RawHttpClient outside = new RawHttpClient(gateway.port(), "127.0.0.3")) {
            outside.send(RawHttpClient.get("/x"));
            assertThat(outside.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(backend.requests()).isEmpty();
        assertThat(gateway.exchange(RawHttpClient.get("/x")).status()).isEqualTo(200);
    }

    @Test
    void routeAllowsABlockButDeniesOneAddress_denyWins_403IpDenied_backendSeesNothing() throws Exception {
        start("", "    access: { allow: [127.0.0.0/29], deny: [127.0.0.2] }");

        RawHttpClient.Response denied = gateway.exchangeFrom("127.0.0.2", RawHttpClient.get("/admin/x"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(backend.requests()).isEmpty();

        RawHttpClient.Response outside = gateway.exchangeFrom("127.0.0.9", RawHttpClient.get("/admin/x"));
        assertThat(outside.status()).isEqualTo(403);
        assertThat(backend.requests()).isEmpty();

        // The same denied client is served on a route without the list, and allowed ones on this one.
        assertThat(gateway.exchangeFrom("127.0.0.2", RawHttpClient.get("/other")).status()).isEqualTo(200);
        assertThat(gateway.exchangeFrom("127.0.0.3", RawHttpClient.get("/admin/x")).status()).isEqualTo(200);
        assertThat(backend.requests()).hasSize(2);
    }

    @Test
    void clientSendsIdentityHeaders_gatewayStripsThem_backendNeverSeesThem() throws Exception {
        start("", "");

        RawHttpClient.Response response = gateway.exchange("GET /x HTTP/1.1\r\nHost: test\r\n"
                + "X-Auth-Subject: admin\r\nx-auth-key: root\r\nX-Auth-Subject: again\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(backend.requests()).hasSize(1);
        assertThat(backend.requests().get(0).headers("X-Auth-Subject")).isEmpty();
        assertThat(backend.requests().get(0).headers("X-Auth-Key")).isEmpty();
    }
}
