package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.demo.DemoBackend;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Operator → admin API of a gateway over backends A and B → the API shows the gateway, its pools
 * and endpoints, and drain, enable and weight changes steer where the clients' requests go.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminApiIntegrationTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private final List<DemoBackend> backends = new ArrayList<>();
    private Gatehouse gatehouse;
    private AdminClient admin;
    private AdminClient client;

    @BeforeEach
    void startBackends() throws Exception {
        backends.add(DemoBackend.start("A", "127.0.0.1", 0));
        backends.add(DemoBackend.start("B", "127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        backends.forEach(DemoBackend::close);
    }

    private void start(String strategy, String adminExtra) throws Exception {
        start(strategy, adminExtra, "");
    }

    private void start(String strategy, String adminExtra, String poolExtra) throws Exception {
        GatehouseConfig config = ConfigLoader.parse("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                %s
                routes:
                  - name: web
                    match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    strategy: %s
                %s
                    backends:
                      - { name: A, address: 127.0.0.1:%d }
                      - { name: B, address: 127.0.0.1:%d }
                """.formatted(adminExtra, strategy, poolExtra, backends.get(0).port(), backends.get(1).port()),
                "admin-test.yaml");
        gatehouse = Gatehouse.start(config);
        admin = new AdminClient(gatehouse.adminPort(), adminExtra.contains("token") ? TOKEN : null);
        client = new AdminClient(gatehouse.listenerPort("public"));
    }

    private String backendOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("x-backend").orElseThrow();
    }

    @Test
    void statusShowsVersionGenerationListenersAndNoReloadYet() throws Exception {
        start("round-robin", "");

        JsonNode status = admin.json("/api/status");

        assertThat(status.get("version").asText()).isNotEmpty();
        assertThat(status.get("generation").asLong()).isEqualTo(1);
        assertThat(status.get("uptime_seconds").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(status.get("listeners").get(0).get("name").asText()).isEqualTo("public");
        assertThat(status.get("listeners").get(0).get("address").asText())
                .isEqualTo("127.0.0.1:" + gatehouse.listenerPort("public"));
        assertThat(status.get("accepting").asBoolean()).isTrue();
        assertThat(status.get("config_file").isNull()).isTrue();
        assertThat(status.get("last_reload").isNull()).isTrue();
    }

    @Test
    void poolsShowEveryEndpointWithItsCounters() throws Exception {
        start("round-robin", "");
        for (int i = 0; i < 4; i++) {
            backendOf(client.get("/"));
        }

        JsonNode pools = admin.json("/api/pools");

        JsonNode web = pools.get("pools").get(0);
        assertThat(web.get("name").asText()).isEqualTo("web");
        assertThat(web.get("strategy").asText()).isEqualTo("round-robin");
        assertThat(web.get("ready_endpoints").asInt()).isEqualTo(2);
        long requests = 0;
        for (JsonNode e : web.get("endpoints")) {
            assertThat(e.get("name").asText()).isIn("A", "B");
            assertThat(e.get("address").asText()).startsWith("127.0.0.1:");
            assertThat(e.get("weight").asInt()).isEqualTo(1);
            assertThat(e.get("ready").asBoolean()).isTrue();
            assertThat(e.get("draining").asBoolean()).isFalse();
            assertThat(e.get("healthy").asBoolean()).isTrue();
            assertThat(e.get("ejected").asBoolean()).isFalse();
            assertThat(e.get("in_flight").asInt()).isZero();
            assertThat(e.get("failures").asLong()).isZero();
            requests += e.get("requests").asLong();
        }
        assertThat(requests).isEqualTo(4);
        assertThat(admin.json("/api/pools/web").get("name").asText()).isEqualTo("web");
        assertThat(admin.get("/api/pools/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void aDrainedEndpointTakesNoNewRequestsWhileItsRequestInFlightCompletes() throws Exception {
        start("round-robin", "");
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> client.get("/slow?ms=3000"));
        String[] busy = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (String name : List.of("A", "B")) {
                if (admin.endpoint("web", name).get("in_flight").asInt() == 1) {
                    busy[0] = name;
                    return true;
                }
            }
            return false;
        });
        String drained = busy[0];

        HttpResponse<String> drain = admin.post("/api/pools/web/endpoints/" + drained + "/drain");

        assertThat(drain.statusCode()).isEqualTo(200);
        JsonNode answer = AdminClient.parse(drain.body());
        assertThat(answer.get("draining").asBoolean()).isTrue();
        assertThat(answer.get("ready").asBoolean()).isFalse();
        assertThat(answer.get("in_flight").asInt()).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            assertThat(backendOf(client.get("/"))).isNotEqualTo(drained);
        }
        assertThat(backendOf(slow.get(20, TimeUnit.SECONDS))).isEqualTo(drained);
        JsonNode endpoint = admin.endpoint("web", drained);
        assertThat(endpoint.get("draining").asBoolean()).isTrue();
        assertThat(endpoint.get("ready").asBoolean()).isFalse();

        assertThat(admin.post("/api/pools/web/endpoints/" + drained + "/enable").statusCode()).isEqualTo(200);

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(backendOf(client.get("/")));
        }
        assertThat(seen).contains(drained);
        assertThat(admin.endpoint("web", drained).get("draining").asBoolean()).isFalse();
    }

    @Test
    void theGatewaysOwnActiveChecksShowInThePoolsAndTheMetrics() throws Exception {
        start("round-robin", "", "    health-check: { path: /health, interval: 50ms, timeout: 1s,"
                + " healthy-threshold: 2, unhealthy-threshold: 2 }");
        JsonNode web = admin.json("/api/pools/web");
        assertThat(web.get("panic").asBoolean()).isFalse();
        assertThat(web.get("healthy_endpoints").asInt()).isEqualTo(2);

        backends.get(1).close(); // B stops answering its health checks

        await().atMost(Duration.ofSeconds(10)).until(() -> !admin.endpoint("web", "B").get("healthy").asBoolean());
        JsonNode b = admin.endpoint("web", "B");
        assertThat(b.get("ready").asBoolean()).isFalse();
        assertThat(b.get("active_healthy").asBoolean()).isFalse();
        assertThat(b.get("draining").asBoolean()).isFalse();
        assertThat(admin.endpoint("web", "A").get("healthy").asBoolean()).isTrue();
        assertThat(admin.json("/api/pools/web").get("healthy_endpoints").asInt()).isEqualTo(1);
        String metrics = admin.get("/metrics").body();
        assertThat(metrics).contains("gatehouse_endpoint_healthy{endpoint=\"B\",pool=\"web\"} 0.0")
                .contains("gatehouse_endpoint_healthy{endpoint=\"A\",pool=\"web\"} 1.0")
                .contains("gatehouse_pool_healthy_endpoints{pool=\"web\"} 1.0")
                .contains("gatehouse_pool_panic{pool=\"web\"} 0.0");
        for (int i = 0; i < 4; i++) {
            assertThat(backendOf(client.get("/"))).isEqualTo("A");
        }
    }

    @Test
    void readyzFollowsTheEndpointsAndHealthzAnswersWhileTheProcessRuns() throws Exception {
        start("round-robin", "");
        assertThat(admin.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(admin.get("/readyz").statusCode()).isEqualTo(200);

        admin.post("/api/pools/web/endpoints/A/drain");
        assertThat(admin.get("/readyz").statusCode()).isEqualTo(200);
        admin.post("/api/pools/web/endpoints/B/drain");

        HttpResponse<String> notReady = admin.get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(AdminClient.parse(notReady.body()).get("reason").asText()).isEqualTo("no endpoint is ready");
        assertThat(client.get("/").statusCode()).isEqualTo(503);

        admin.post("/api/pools/web/endpoints/B/enable");
        assertThat(admin.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(admin.get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void aWeightSetByAnOperatorCompilesANewGenerationAndSteersTheWeightedPool() throws Exception {
        start("weighted", "");

        HttpResponse<String> put = admin.put("/api/pools/web/endpoints/A/weight", "{\"weight\": 9}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode change = AdminClient.parse(put.body());
        assertThat(change.get("weight").asInt()).isEqualTo(9);
        assertThat(change.get("configured_weight").asInt()).isEqualTo(1);
        assertThat(change.get("overridden").asBoolean()).isTrue();
        assertThat(change.get("generation").asLong()).isEqualTo(2);
        JsonNode a = admin.endpoint("web", "A");
        assertThat(a.get("weight").asInt()).isEqualTo(9);
        assertThat(a.get("configured_weight").asInt()).isEqualTo(1);
        int toA = 0;
        for (int i = 0; i < 20; i++) {
            if (backendOf(client.get("/")).equals("A")) {
                toA++;
            }
        }
        assertThat(toA).as("of 20 requests at weights 9:1").isGreaterThanOrEqualTo(16);

        HttpResponse<String> reset = admin.delete("/api/pools/web/endpoints/A/weight");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(AdminClient.parse(reset.body()).get("overridden").asBoolean()).isFalse();
        assertThat(admin.endpoint("web", "A").get("weight").asInt()).isEqualTo(1);
        assertThat(admin.json("/api/status").get("generation").asLong()).isEqualTo(3);
    }

    @Test
    void badWeightChangesAreRefusedWithoutANewGeneration() throws Exception {
        start("weighted", "");

        assertThat(admin.put("/api/pools/web/endpoints/A/weight", "{\"weight\": 0}").statusCode()).isEqualTo(400);
        assertThat(admin.put("/api/pools/web/endpoints/A/weight", "{\"weight\": 10001}").statusCode()).isEqualTo(400);
        assertThat(admin.put("/api/pools/web/endpoints/A/weight", "{\"weight\": \"2\"}").statusCode()).isEqualTo(400);
        assertThat(admin.put("/api/pools/web/endpoints/A/weight", "not json").statusCode()).isEqualTo(400);
        assertThat(admin.put("/api/pools/web/endpoints/Z/weight", "{\"weight\": 2}").statusCode()).isEqualTo(404);
        assertThat(admin.put("/api/pools/nope/endpoints/A/weight", "{\"weight\": 2}").statusCode()).isEqualTo(404);
        assertThat(admin.post("/api/pools/web/endpoints/Z/drain").statusCode()).isEqualTo(404);

        assertThat(admin.json("/api/status").get("generation").asLong()).isEqualTo(1);
    }

    @Test
    void unknownResourcesAre404AndWrongMethods405WithJsonErrors() throws Exception {
        start("round-robin", "");

        HttpResponse<String> missing = admin.get("/api/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(AdminClient.parse(missing.body()).get("error").asText()).contains("/api/nothing");
        assertThat(admin.get("/").statusCode()).isEqualTo(404);

        HttpResponse<String> wrong = admin.get("/api/pools/web/endpoints/A/drain");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("allow")).hasValue("POST");
        assertThat(AdminClient.parse(wrong.body()).get("error").asText()).contains("GET");
        assertThat(admin.post("/api/status").statusCode()).isEqualTo(405);
        assertThat(admin.get("/api/reload").statusCode()).isEqualTo(405);
        assertThat(admin.get("/api/pools/web/endpoints/A/weight").headers().firstValue("allow")).hasValue("PUT, DELETE");
    }

    @Test
    void reloadWithoutAConfigFileIsAConflict() throws Exception {
        start("round-robin", "");

        HttpResponse<String> reload = admin.post("/api/reload");

        assertThat(reload.statusCode()).isEqualTo(409);
        assertThat(AdminClient.parse(reload.body()).get("error").asText()).contains("without a config file");
    }

    @Test
    void withATokenEveryResourceButTheProbesNeedsIt() throws Exception {
        start("round-robin", "  token: " + TOKEN);
        AdminClient anonymous = new AdminClient(gatehouse.adminPort());
        AdminClient wrong = new AdminClient(gatehouse.adminPort(), TOKEN.replace('0', '1'));

        HttpResponse<String> refused = anonymous.get("/api/status");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(AdminClient.parse(refused.body()).get("error").asText()).contains("bearer token");
        assertThat(wrong.get("/api/status").statusCode()).isEqualTo(401);
        assertThat(anonymous.post("/api/pools/web/endpoints/A/drain").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(401);
        assertThat(admin.endpoint("web", "A").get("draining").asBoolean()).isFalse();
        assertThat(admin.get("/api/status").statusCode()).isEqualTo(200);
        assertThat(admin.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").statusCode()).isEqualTo(200);
    }
}
