package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.exchange.ExchangeRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Client → gateway with {@code access-log: true} → backend A → the logger {@code gatehouse.access}
 * gets one valid JSON line per request, with every field.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessLogIntegrationTest {

    private static final List<String> FIELDS = List.of("time", "request_id", "client", "method", "path", "status",
            "bytes_in", "bytes_out", "route", "pool", "endpoint", "upstream_ms", "total_ms", "retries", "failure");

    private final Logger accessLogger = (Logger) LoggerFactory.getLogger(AccessLogObserver.LOGGER);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private DemoBackend backend;
    private Gatehouse gatehouse;

    @BeforeEach
    void capture() throws Exception {
        lines.start();
        accessLogger.addAppender(lines);
        backend = DemoBackend.start("A", "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        backend.close();
        accessLogger.detachAppender(lines);
    }

    private void start(boolean accessLog) throws Exception {
        gatehouse = Gatehouse.start(ConfigLoader.parse("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                  access-log: %s
                routes:
                  - name: api
                    match: { path-prefix: /api/ }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:%d }
                """.formatted(accessLog, backend.port()), "access-log-test.yaml"));
    }

    @Test
    void everyRequestIsOneJsonLineWithEveryField() throws Exception {
        start(true);
        int port = gatehouse.listenerPort("public");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/x?q=%221%22"))
                .header("X-Request-Id", "req-1").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/echo"))
                .header("X-Request-Id", "req-2").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> missed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/other"))
                .header("X-Request-Id", "req-3").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(List.of(ok.statusCode(), posted.statusCode(), missed.statusCode())).containsExactly(200, 200, 404);

        await().atMost(Duration.ofSeconds(10)).until(() -> lines.list.size() >= 3);
        Map<String, JsonNode> byId = lines.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .map(AdminClient::parse)
                .collect(Collectors.toMap(j -> j.get("request_id").asText(), Function.identity()));
        assertThat(byId).containsOnlyKeys("req-1", "req-2", "req-3");
        byId.values().forEach(line -> {
            assertThat(line.isObject()).isTrue();
            List<String> names = new java.util.ArrayList<>();
            line.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyElementsOf(FIELDS);
            assertThat(Instant.parse(line.get("time").asText())).isAfter(before);
            assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
            assertThat(line.get("total_ms").isNumber()).isTrue();
            assertThat(line.get("retries").asInt()).isZero();
        });
        JsonNode first = byId.get("req-1");
        assertThat(first.get("method").asText()).isEqualTo("GET");
        assertThat(first.get("path").asText()).isEqualTo("/api/x?q=%221%22");
        assertThat(first.get("status").asInt()).isEqualTo(200);
        assertThat(first.get("route").asText()).isEqualTo("api");
        assertThat(first.get("pool").asText()).isEqualTo("web");
        assertThat(first.get("endpoint").asText()).isEqualTo("A");
        assertThat(first.get("upstream_ms").isNumber()).isTrue();
        assertThat(first.get("bytes_out").asLong()).isEqualTo(ok.body().length());
        assertThat(first.get("failure").isNull()).isTrue();
        JsonNode echo = byId.get("req-2");
        assertThat(echo.get("method").asText()).isEqualTo("POST");
        assertThat(echo.get("bytes_in").asLong()).isEqualTo(5);
        assertThat(echo.get("bytes_out").asLong()).isEqualTo(posted.body().length());
        JsonNode miss = byId.get("req-3");
        assertThat(miss.get("status").asInt()).isEqualTo(404);
        assertThat(miss.get("route").isNull()).isTrue();
        assertThat(miss.get("endpoint").isNull()).isTrue();
        assertThat(miss.get("upstream_ms").isNull()).isTrue();
        assertThat(miss.get("failure").asText()).isNotEmpty();
    }

    @Test
    void withTheAccessLogOffNothingIsLogged() throws Exception {
        start(false);
        AdminClient client = new AdminClient(gatehouse.listenerPort("public"));

        assertThat(client.get("/api/x").statusCode()).isEqualTo(200);
        gatehouse.close();

        assertThat(lines.list).isEmpty();
    }

    @Test
    void aLineEscapesWhatTheClientSentAndIsValidJson() {
        ExchangeRecord record = new ExchangeRecord(0, "id\"1", "::1", "GET", "/a\"b\\c\n\u0001", 0, 0, 0,
                null, null, null, -1, 1_500_000, 2, "client-closed");

        JsonNode line = AdminClient.parse(AccessLogObserver.format(record));

        assertThat(line.get("path").asText()).isEqualTo("/a\"b\\c\n\u0001");
        assertThat(line.get("request_id").asText()).isEqualTo("id\"1");
        assertThat(line.get("time").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(line.get("total_ms").asDouble()).isEqualTo(1.5);
        assertThat(line.get("upstream_ms").isNull()).isTrue();
        assertThat(AccessLogObserver.format(record)).doesNotContain("\n");
    }

    @Test
    void aLineKeepsAnyTextTheClientSent_controlsAndSeparatorsEscaped() {
        String path = "/caf\u00e9/\ud83d\ude00?\u007f\u2028\u2029\u001b[31m\t\r\"\\";
        ExchangeRecord record = new ExchangeRecord(0, "id", "::1", "GET", path, 200, 0, 0,
                "r", "p", "e", 1_234_567, 2_000_000, 0, null);

        String text = AccessLogObserver.format(record);

        assertThat(AdminClient.parse(text).get("path").asText()).isEqualTo(path);
        assertThat(text).doesNotContain("\u007f", "\u2028", "\u2029", "\u001b", "\t", "\r")
                .contains("\\u001b", "\\u2028", "caf\u00e9");
        assertThat(AdminClient.parse(text).get("upstream_ms").asText()).isEqualTo("1.234");
        assertThat(AdminClient.parse(text).get("endpoint").asText()).isEqualTo("e");
        assertThat(AdminClient.parse(text).get("failure").isNull()).isTrue();
    }

    @Test
    void theTimeIsTheRequestsInstantInUtcWithMilliseconds() {
        for (long millis : new long[] {1_767_225_600_007L, 1_767_225_600_070L, 1_767_225_659_999L, 951_782_400_123L}) {
            ExchangeRecord record = new ExchangeRecord(millis, "id", "::1", "GET", "/", 200, 0, 0,
                    null, null, null, -1, 1_000, 0, null);

            String time = AdminClient.parse(AccessLogObserver.format(record)).get("time").asText();

            assertThat(time).hasSize("2026-01-01T00:00:00.007Z".length()).endsWith("Z");
            assertThat(java.time.Instant.parse(time)).isEqualTo(java.time.Instant.ofEpochMilli(millis));
        }
    }
}
