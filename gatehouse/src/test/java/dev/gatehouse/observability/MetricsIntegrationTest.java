package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.demo.DemoBackend;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Client → gateway → backends A and B, then Prometheus → {@code GET /metrics} → well-formed text
 * with requests by route, pool, endpoint and status class, latency histograms and endpoint gauges.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsIntegrationTest {

    /** A sample line: {@code name{label="value",...} value}; values as Prometheus writes them. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*})? "
                    + "(-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?|NaN|\\+Inf|-Inf)( -?[0-9]+)?");

    private final List<DemoBackend> backends = new ArrayList<>();
    private Gatehouse gatehouse;

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

    private void start(String adminExtra) throws Exception {
        gatehouse = Gatehouse.start(ConfigLoader.parse("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                %s
                routes:
                  - name: site
                    match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:%d }
                      - { name: B, address: 127.0.0.1:%d }
                """.formatted(adminExtra, backends.get(0).port(), backends.get(1).port()), "metrics-test.yaml"));
    }

    @Test
    void clientHoldsConnectionsOpen_gaugeCountsThem_andForgetsThemWhenTheyClose() throws Exception {
        start("");
        AdminClient admin = new AdminClient(gatehouse.adminPort());
        double before = value(admin.get("/metrics").body(), "gatehouse_connections_active");
        java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(new java.net.Socket("127.0.0.1", gatehouse.listenerPort("public")));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(value(admin.get("/metrics").body(), "gatehouse_connections_active")).isEqualTo(before + 3));
        for (java.net.Socket s : held) {
            s.close();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(value(admin.get("/metrics").body(), "gatehouse_connections_active")).isEqualTo(before));
    }

    @Test
    void metricsAreWellFormedPrometheusTextWithTheGatewaysSeries() throws Exception {
        start("");
        AdminClient client = new AdminClient(gatehouse.listenerPort("public"));
        for (int i = 0; i < 6; i++) {
            assertThat(client.get("/").statusCode()).isEqualTo(200);
        }
        assertThat(client.get("/status/503").statusCode()).isEqualTo(503);
        assertThat(client.get("/status/503").statusCode()).isEqualTo(503);

        HttpResponse<String> scrape = new AdminClient(gatehouse.adminPort()).get("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = scrape.body();
        assertWellFormed(text);
        assertThat(value(text, "gatehouse_requests_total", "route=\"site\"", "endpoint=\"A\"", "status_class=\"2xx\"")
                + value(text, "gatehouse_requests_total", "route=\"site\"", "endpoint=\"B\"", "status_class=\"2xx\""))
                .isEqualTo(6);
        assertThat(value(text, "gatehouse_requests_total", "endpoint=\"A\"", "status_class=\"5xx\"")
                + value(text, "gatehouse_requests_total", "endpoint=\"B\"", "status_class=\"5xx\"")).isEqualTo(2);
        assertThat(text).contains("gatehouse_request_duration_seconds_bucket{");
        assertThat(text).contains("gatehouse_request_duration_seconds_count{");
        assertThat(text).contains("gatehouse_upstream_duration_seconds_bucket{");
        assertThat(text).contains("le=\"+Inf\"");
        String twoHundredsOnA = "endpoint=\"A\"";
        double okOnA = value(text, "gatehouse_requests_total", "route=\"site\"", twoHundredsOnA, "status_class=\"2xx\"");
        assertThat(value(text, "gatehouse_request_duration_seconds_count", "route=\"site\"", twoHundredsOnA,
                "status_class=\"2xx\"")).isEqualTo(okOnA);
        assertThat(value(text, "gatehouse_request_duration_seconds_bucket", "route=\"site\"", twoHundredsOnA,
                "status_class=\"2xx\"", "le=\"+Inf\"")).isEqualTo(okOnA);
        assertThat(value(text, "gatehouse_upstream_duration_seconds_count", "route=\"site\"", twoHundredsOnA,
                "status_class=\"2xx\"")).isEqualTo(okOnA);
        assertThat(value(text, "gatehouse_request_duration_seconds_sum", "route=\"site\"", twoHundredsOnA,
                "status_class=\"2xx\"")).isPositive();
        assertThat(value(text, "gatehouse_exchanges_active")).isZero();
        assertThat(value(text, "gatehouse_upstream_in_flight", "pool=\"web\"", "endpoint=\"A\"")).isZero();
        assertThat(value(text, "gatehouse_endpoint_ready", "pool=\"web\"", "endpoint=\"B\"")).isEqualTo(1);
        assertThat(value(text, "gatehouse_endpoint_draining", "pool=\"web\"", "endpoint=\"B\"")).isZero();
        assertThat(value(text, "gatehouse_endpoint_weight", "pool=\"web\"", "endpoint=\"A\"")).isEqualTo(1);
        assertThat(value(text, "gatehouse_endpoint_requests_total", "endpoint=\"A\"")
                + value(text, "gatehouse_endpoint_requests_total", "endpoint=\"B\"")).isEqualTo(8);
        assertThat(text).contains("gatehouse_endpoint_latency_ewma_seconds{");
        assertThat(text).contains("gatehouse_retries_total{");
        assertThat(text).contains("gatehouse_reloads_total{result=\"ok\"}", "gatehouse_reloads_total{result=\"failed\"}");
        assertThat(value(text, "gatehouse_config_generation")).isEqualTo(1);
    }

    @Test
    void aMissedRouteIsCountedAndFailuresByReason() throws Exception {
        gatehouse = Gatehouse.start(ConfigLoader.parse("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                routes:
                  - match: { host: only.example, path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:%d }
                """.formatted(backends.get(0).port()), "metrics-test.yaml"));
        assertThat(new AdminClient(gatehouse.listenerPort("public")).get("/").statusCode()).isEqualTo(404);

        String text = new AdminClient(gatehouse.adminPort()).get("/metrics").body();

        assertWellFormed(text);
        assertThat(value(text, "gatehouse_requests_total", "route=\"none\"", "pool=\"none\"", "status_class=\"4xx\""))
                .isEqualTo(1);
        assertThat(text).containsPattern("gatehouse_failures_total\\{reason=\"[A-Z_]+\"} 1.0");
    }

    @Test
    void metricsOffAnswers404() throws Exception {
        start("  metrics: false");

        HttpResponse<String> scrape = new AdminClient(gatehouse.adminPort()).get("/metrics");

        assertThat(scrape.statusCode()).isEqualTo(404);
        assertThat(AdminClient.parse(scrape.body()).get("error").asText()).contains("metrics are off");
    }

    /** Every line is a comment ({@code # HELP}, {@code # TYPE}), empty, or a sample. */
    static void assertWellFormed(String text) {
        assertThat(text).isNotBlank();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE ") || line.equals("# EOF")) {
                continue;
            }
            assertThat(line).as("a Prometheus sample line").matches(SAMPLE);
        }
    }

    /** The value of the one sample of {@code name} whose labels contain every one of {@code labels}; 0 if none. */
    static double value(String text, String name, String... labels) {
        double found = 0;
        int matches = 0;
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(text);
        while (m.find()) {
            String labelText = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= labelText.contains(label);
            }
            if (all) {
                found = Double.parseDouble(m.group(2));
                matches++;
            }
        }
        assertThat(matches).as("samples of %s with %s", name, List.of(labels)).isLessThanOrEqualTo(1);
        return found;
    }
}
