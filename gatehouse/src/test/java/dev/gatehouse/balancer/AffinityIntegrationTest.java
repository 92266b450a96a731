package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.affinity.AffinityBalancer;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client → gateway with a stateful pool (round robin underneath, so that without affinity every
 * request would go elsewhere) → the client's requests keep reaching one backend → that backend
 * stops → the client moves to another one and stays there, while clients of the other backends
 * stay where they were.
 *
 * <p>Cookie affinity: the client keeps the {@code Set-Cookie} it is given and sends it back, as a
 * browser does. Table affinity: keyed by the client IP or a header. Hash affinity: keyed by a header.
 */
class AffinityIntegrationTest {

    /** The cookie of pool "web", which names no cookie of its own. */
    private static final String COOKIE = AffinityConfig.defaultCookieName("web");
    private static final List<String> NAMES = List.of("A", "B", "C", "D");

    private final Map<String, DemoBackend> backends = new LinkedHashMap<>();
    private GatewayFixture gateway;

    @BeforeEach
    void startBackends() throws Exception {
        for (String name : NAMES) {
            backends.put(name, DemoBackend.start(name, "127.0.0.1", 0));
        }
    }

    @AfterEach
    void stopAll() {
        if (gateway != null) {
            gateway.close();
        }
        backends.values().forEach(DemoBackend::close);
    }

    // ------------------------------------------------------------------ cookie

    @Test
    void cookieAffinity_clientSendsBackItsCookie_gatewayKeepsItOnOneBackend_clientSees100AnswersFromThatBackend()
            throws Exception {
        start(AffinityConfig.cookie());
        CookieClient client = new CookieClient();

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            seen.add(client.get("/sticky/" + i));
        }

        assertThat(new HashSet<>(seen)).hasSize(1);
        // Without the cookie the same gateway rotates: the cookie is what keeps the client.
        Set<String> cookieless = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            cookieless.add(gateway.exchange(RawHttpClient.get("/free/" + i)).header("x-backend"));
        }
        assertThat(cookieless).hasSize(4);
    }

    @Test
    void cookieAffinity_gatewaySetsTheCookie_clientSeesAnOpaqueValueWithoutTheBackendsAddressOrPort() throws Exception {
        start(AffinityConfig.cookie());

        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/"));

        String setCookie = response.header("set-cookie");
        assertThat(setCookie).startsWith(COOKIE + "=").contains("HttpOnly");
        String value = cookieValue(setCookie);
        String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.ISO_8859_1);
        String pinned = response.header("x-backend");
        for (String text : List.of(value, decoded)) {
            assertThat(text).doesNotContain("127.0.0.1").doesNotContain(String.valueOf(backends.get(pinned).port()));
            backends.values().forEach(b -> assertThat(text).doesNotContain(String.valueOf(b.port())));
        }
    }

    @Test
    void cookieAffinity_clientTampersWithItsCookie_gatewayIgnoresIt_clientIsBalancedAndGetsAFreshCookie()
            throws Exception {
        start(AffinityConfig.cookie());
        String valid = cookieValue(gateway.exchange(RawHttpClient.get("/")).header("set-cookie"));
        char last = valid.charAt(valid.length() - 1);
        String tampered = valid.substring(0, valid.length() - 1) + (last == 'A' ? 'B' : 'A');
        // Also what a client would try to steer itself: a backend's name or address.
        List<String> forgeries = List.of(tampered, "A", "127.0.0.1:" + backends.get("A").port(), valid + "x");

        for (String forged : forgeries) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                RawHttpClient.Response response = gateway.exchange(
                        "GET / HTTP/1.1\r\nHost: test\r\nCookie: " + COOKIE + "=" + forged + "\r\n\r\n");
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                seen.add(response.header("x-backend"));
                assertThat(response.header("set-cookie")).as("a fresh pin for %s", forged)
                        .startsWith(COOKIE + "=").doesNotContain(COOKIE + "=" + forged + ";");
            }
            assertThat(seen).as("backends seen with cookie %s", forged).hasSize(4);
        }
    }

    @Test
    void cookieAffinity_pinnedBackendStops_gatewayMovesOnlyItsClient_clientStaysOnItsNewBackend() throws Exception {
        start(AffinityConfig.cookie());
        Map<String, CookieClient> clientsByBackend = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            CookieClient client = new CookieClient();
            clientsByBackend.put(client.get("/first"), client);
        }
        assertThat(clientsByBackend).containsOnlyKeys(NAMES);

        backends.get("B").close();

        CookieClient moved = clientsByBackend.get("B");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            seen.add(moved.get("/after/" + i));
        }
        assertThat(seen).doesNotContain("B");
        assertThat(new HashSet<>(seen)).as("where B's client went, and stayed").hasSize(1);
        for (String name : List.of("A", "C", "D")) {
            for (int i = 0; i < 20; i++) {
                assertThat(clientsByBackend.get(name).get("/after/" + i)).isEqualTo(name);
            }
        }
    }

    @Test
    void cookieAffinity_operatorDrainsThePinnedBackend_gatewayMovesItsClient_clientStaysOnItsNewBackendAfterEnable()
            throws Exception {
        start(AffinityConfig.cookie());
        CookieClient client = new CookieClient();
        String pinned = client.get("/first");

        gateway.endpointState("web", pinned).setDraining(true);
        String moved = client.get("/drained");
        gateway.endpointState("web", pinned).setDraining(false);

        assertThat(moved).isNotEqualTo(pinned);
        for (int i = 0; i < 20; i++) {
            assertThat(client.get("/after/" + i)).isEqualTo(moved);
        }
    }

    @Test
    void cookieAffinityInTwoPoolsOfOneSite_browserAlternatesBetweenThem_gatewayKeepsItOnOneBackendInEach()
            throws Exception {
        // Both pools say just "affinity: cookie", as a user writes it; routes /api/ and / share one site.
        // Each pool's default cookie carries its name: one shared name with Path=/ would let each
        // pool's Set-Cookie replace the other's, and both would re-pin the client on every request.
        gateway = GatewayFixture.builder()
                .pool("api", pool -> pool.affinity(AffinityConfig.cookie())
                        .backend("A", backends.get("A").port()).backend("B", backends.get("B").port()))
                .pool("web", pool -> pool.affinity(AffinityConfig.cookie())
                        .backend("C", backends.get("C").port()).backend("D", backends.get("D").port()))
                .route(null, "/api/", "api")
                .route(null, "/", "web")
                .start();
        // A browser keeps one cookie per name for the site (both come with Path=/).
        CookieClient browser = new CookieClient();

        Set<String> api = new HashSet<>();
        Set<String> web = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            api.add(browser.get("/api/items/" + i));
            web.add(browser.get("/page/" + i));
        }

        assertThat(api).as("backends of pool api").hasSize(1);
        assertThat(web).as("backends of pool web").hasSize(1);
    }

    // ------------------------------------------------------------------ table

    @Test
    void tableAffinityByClientIp_100Requests_gatewayRemembersTheClient_clientSeesOneBackendAndTheTableHoldsOneEntry()
            throws Exception {
        start(AffinityConfig.table());

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/t/" + i));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.header("set-cookie")).isNull();
            seen.add(response.header("x-backend"));
        }

        assertThat(seen).hasSize(1);
        assertThat(tableSize()).isEqualTo(1);
    }

    @Test
    void tableAffinityByHeader_pinnedBackendStops_gatewayMovesOnlyItsClients_theyStayOnTheirNewBackends()
            throws Exception {
        start(new AffinityConfig(AffinityConfig.Type.TABLE, null, null, 1_000, "header:X-Client-Id", null));
        Map<String, String> homes = new LinkedHashMap<>();
        for (int c = 0; c < 8; c++) {
            homes.put("client-" + c, getAs("X-Client-Id", "client-" + c));
        }
        // Round robin placed them A, B, C, D, A, B, C, D; the table now remembers each one.
        assertThat(new HashSet<>(homes.values())).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(tableSize()).isEqualTo(8);
        for (int i = 0; i < 100; i++) {
            assertThat(getAs("X-Client-Id", "client-0")).isEqualTo(homes.get("client-0"));
        }

        String stopped = homes.get("client-0");
        backends.get(stopped).close();

        for (Map.Entry<String, String> client : homes.entrySet()) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                seen.add(getAs("X-Client-Id", client.getKey()));
            }
            if (client.getValue().equals(stopped)) {
                assertThat(seen).as(client.getKey()).doesNotContain(stopped);
                assertThat(new HashSet<>(seen)).as(client.getKey() + " moved and stayed").hasSize(1);
            } else {
                assertThat(seen).as(client.getKey() + " stayed").containsOnly(client.getValue());
            }
        }
        assertThat(tableSize()).isEqualTo(8);
    }

    // ------------------------------------------------------------------ hash

    @Test
    void hashAffinityByHeader_100Requests_gatewayHashesTheUser_clientSeesOneBackend() throws Exception {
        start(new AffinityConfig(AffinityConfig.Type.HASH, null, null, AffinityConfig.DEFAULT_MAX_ENTRIES,
                "header:X-User-Id", null));

        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(getAs("X-User-Id", "alice"));
        }

        assertThat(seen).hasSize(1);
        assertThat(tableSize()).isZero();
    }

    @Test
    void hashAffinityByHeader_pinnedBackendStops_gatewayMovesOnlyItsUsers_theyStayOnTheirNewBackends()
            throws Exception {
        start(new AffinityConfig(AffinityConfig.Type.HASH, null, null, AffinityConfig.DEFAULT_MAX_ENTRIES,
                "header:X-User-Id", null));
        Map<String, String> homes = new LinkedHashMap<>();
        for (int u = 0; u < 24; u++) {
            homes.put("user-" + u, getAs("X-User-Id", "user-" + u));
        }
        assertThat(new HashSet<>(homes.values())).as("users spread over the backends").hasSizeGreaterThan(1);

        String stopped = homes.get("user-0");
        backends.get(stopped).close();

        for (Map.Entry<String, String> user : homes.entrySet()) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                seen.add(getAs("X-User-Id", user.getKey()));
            }
            if (user.getValue().equals(stopped)) {
                assertThat(seen).as(user.getKey()).doesNotContain(stopped);
                assertThat(new HashSet<>(seen)).as(user.getKey() + " moved and stayed").hasSize(1);
            } else {
                assertThat(seen).as(user.getKey() + " stayed").containsOnly(user.getValue());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void start(AffinityConfig affinity) throws Exception {
        gateway = GatewayFixture.builder()
                .pool("web", pool -> {
                    pool.affinity(affinity);
                    backends.forEach((name, backend) -> pool.backend(name, backend.port()));
                })
                .start();
    }

    /** One request on a new connection carrying {@code header: value}; the backend that answered. */
    private String getAs(String header, String value) throws Exception {
        RawHttpClient.Response response = gateway.exchange(
                "GET / HTTP/1.1\r\nHost: test\r\n" + header + ": " + value + "\r\n\r\n");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.header("x-backend");
    }

    private int tableSize() {
        Balancer balancer = gateway.balancer("web");
        assertThat(balancer).isInstanceOf(AffinityBalancer.class);
        return ((AffinityBalancer) balancer).tableSize();
    }

    private static String cookieValue(String setCookie) {
        assertThat(setCookie).startsWith(COOKIE + "=");
        int end = setCookie.indexOf(';');
        return setCookie.substring(COOKIE.length() + 1, end < 0 ? setCookie.length() : end);
    }

    /** A browser's cookie jar for one site: one value per cookie name, all sent back on each request. */
    private final class CookieClient {
        private final Map<String, String> jar = new LinkedHashMap<>();

        /** One request on a new connection; the backend that answered. */
        String get(String path) throws Exception {
            StringBuilder cookies = new StringBuilder();
            jar.forEach((name, value) -> cookies.append(cookies.length() == 0 ? "" : "; ").append(name).append('=').append(value));
            String request = "GET " + path + " HTTP/1.1\r\nHost: test\r\n"
                    + (jar.isEmpty() ? "" : "Cookie: " + cookies + "\r\n") + "\r\n";
            RawHttpClient.Response response = gateway.exchange(request);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            String setCookie = response.header("set-cookie");
            if (setCookie != null) {
                int eq = setCookie.indexOf('=');
                int end = setCookie.indexOf(';');
                jar.put(setCookie.substring(0, eq), setCookie.substring(eq + 1, end < 0 ? setCookie.length() : end));
            }
            assertThat(jar).as("the affinity cookies").isNotEmpty();
            return response.header("x-backend");
        }
    }
}
