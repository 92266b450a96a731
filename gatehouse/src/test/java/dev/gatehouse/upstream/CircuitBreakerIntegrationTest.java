package dev.gatehouse.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.config.reload.ReloadResult;
import dev.gatehouse.runtime.CompiledPool;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import dev.gatehouse.testing.YamlGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients → gateway with a pool circuit breaker ({@code max-connections}, {@code max-pending}) →
 * one backend that holds {@code /held} requests until the test lets them go: requests past the
 * connection limit wait for a connection, those past the pending limit (or waiting too long) get
 * 503 at once, and the counts show in the metrics and the admin API.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CircuitBreakerIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final CountDownLatch gate = new CountDownLatch(1);
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final List<RawHttpClient> open = new ArrayList<>();
    private RecordingBackend backend;
    private YamlGateway gateway;
    private AdminClient admin;

    @BeforeEach
    void startBackend() throws Exception {
        Responder ok = Responder.ok();
        backend = RecordingBackend.start((request, socket, out) -> {
            if (request.target().startsWith("/held")) {
                try {
                    // Bounded: a test that fails before opening the gate must not hang the backend.
                    gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return ok.respond(request, socket, out);
        });
    }

    @AfterEach
    void stop() throws Exception {
        gate.countDown();
        for (RawHttpClient c : open) {
            c.close();
        }
        clients.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
        backend.close();
    }

    private void start(String breaker, String connectTimeout) throws Exception {
        gateway = YamlGateway.start(config(breaker, connectTimeout), backend.port());
        admin = new AdminClient(gateway.gatehouse.adminPort());
    }

    private static String config(String breaker, String connectTimeout) {
        return """
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                routes:
                  - match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    connect-timeout: %s
                    circuit-breaker: %s
                    backends:
                      - { name: A, address: 127.0.0.1:BACKEND_PORT }
                """.formatted(connectTimeout, breaker);
    }

    @Test
    void twoInFlightAtMaxConnections_aThirdWaitsAndIsServedWhenOneFrees_aFourthGets503AtOnce() throws Exception {
        start("{ max-connections: 2, max-pending: 1 }", "60s");
        Future<RawHttpClient.Response> first = send("/held/1");
        Future<RawHttpClient.Response> second = send("/held/2");
        await().atMost(WAIT).until(() -> backend.requests().size() == 2);
        Future<RawHttpClient.Response> third = send("/held/3");
        await().atMost(WAIT).until(() -> connections().pending() == 1);

        JsonNode shown = admin.endpoint("web", "A");
        assertThat(shown.get("connections").asInt()).isEqualTo(2);
        assertThat(shown.get("pending").asInt()).isEqualTo(1);
        // Nothing frees a connection until the gate opens, and the wait allows 60s: a 503 now is the
        // breaker's own, not a timeout.
        RawHttpClient.Response fourth = gateway.exchange(RawHttpClient.get("/held/4"));
        assertThat(fourth.status()).isEqualTo(503);
        assertThat(fourth.text()).isEqualTo("503 no backend available\n");
        assertThat(backend.requests()).hasSize(2);

        gate.countDown();
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).text()).isEqualTo("ok /held/1");
        assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS).text()).isEqualTo("ok /held/2");
        assertThat(third.get(WAIT.toSeconds(), TimeUnit.SECONDS).text()).isEqualTo("ok /held/3");
        assertThat(connections().pending()).isZero();
        assertThat(connections().open()).isLessThanOrEqualTo(2);
        String metrics = admin.get("/metrics").body();
        assertThat(rejections(metrics, "max-pending")).isEqualTo(1.0);
        assertThat(rejections(metrics, "max-connections")).isEqualTo(0.0);
        assertThat(rejections(metrics, "max-requests")).isEqualTo(0.0);
        assertThat(metrics).contains("gatehouse_failures_total{reason=\"CIRCUIT_OPEN\"} 1.0");
        assertThat(metrics).contains("gatehouse_upstream_pending{endpoint=\"A\",pool=\"web\"} 0.0");
        assertThat(metrics).containsPattern("gatehouse_upstream_connections\\{endpoint=\"A\",pool=\"web\"} [12]\\.0");
    }

    @Test
    void maxPendingZero_aRequestOverTheConnectionLimitGets503AtOnce_andTheConnectionServesTheNextOne() throws Exception {
        start("{ max-connections: 1, max-pending: 0 }", "60s");
        Future<RawHttpClient.Response> held = send("/held");
        await().atMost(WAIT).until(() -> backend.requests().size() == 1);

        assertThat(gateway.exchange(RawHttpClient.get("/refused")).status()).isEqualTo(503);
        gate.countDown();

        assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(gateway.exchange(RawHttpClient.get("/after")).status()).isEqualTo(200);
        assertThat(rejections(admin.get("/metrics").body(), "max-pending")).isEqualTo(1.0);
        assertThat(backend.requests()).extracting(RecordingBackend.RecordedRequest::target)
                .containsExactly("/held", "/after");
    }

    @Test
    void aRequestWaitingLongerThanTheConnectTimeoutGets503() throws Exception {
        start("{ max-connections: 1, max-pending: 5 }", "300ms");
        Future<RawHttpClient.Response> held = send("/held");
        await().atMost(WAIT).until(() -> backend.requests().size() == 1);

        RawHttpClient.Response waited = gateway.exchange(RawHttpClient.get("/waits"));

        assertThat(waited.status()).isEqualTo(503);
        assertThat(connections().pending()).isZero();
        String metrics = admin.get("/metrics").body();
        assertThat(rejections(metrics, "max-connections")).isEqualTo(1.0);
        assertThat(metrics).contains("gatehouse_failures_total{reason=\"PENDING_TIMEOUT\"} 1.0");
        gate.countDown();
        assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void aClientThatLeavesWhileWaiting_leavesTheQueue_andItsPlaceGoesToTheNext() throws Exception {
        start("{ max-connections: 1, max-pending: 1 }", "60s");
        Future<RawHttpClient.Response> held = send("/held");
        await().atMost(WAIT).until(() -> backend.requests().size() == 1);
        // A body the gateway holds while the request waits: it must be released when the client leaves.
        try (RawHttpClient leaving = new RawHttpClient(gateway.port())) {
            leaving.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\n\r\nhello world");
            await().atMost(WAIT).until(() -> connections().pending() == 1);
        }
        await().atMost(WAIT).until(() -> connections().pending() == 0);

        Future<RawHttpClient.Response> next = send("/next");
        await().atMost(WAIT).until(() -> connections().pending() == 1);
        gate.countDown();

        assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(next.get(WAIT.toSeconds(), TimeUnit.SECONDS).text()).isEqualTo("ok /next");
        assertThat(backend.requests()).extracting(RecordingBackend.RecordedRequest::target)
                .containsExactly("/held", "/next");
        assertThat(rejections(admin.get("/metrics").body(), "max-pending")).isEqualTo(0.0);
    }

    @Test
    void oneConnectionAllowed_freshClientsOnEveryEventLoopAreServedInTurn() throws Exception {
        // Each new client connection may land on another event loop than the idle upstream
        // connection: the waiter must get it closed there and open its own, not wait it out.
        start("{ max-connections: 1, max-pending: 10 }", "10s");
        for (int i = 0; i < 8; i++) {
            RawHttpClient.Response r = gateway.exchange(RawHttpClient.get("/turn/" + i));
            assertThat(r.status()).as("request %d", i).isEqualTo(200);
        }
        assertThat(connections().open()).isLessThanOrEqualTo(1);
    }

    @Test
    void manyClientsAtOnce_allServedThroughThreeConnections_andNothingLeftWaiting() throws Exception {
        start("{ max-connections: 3, max-pending: 1000 }", "20s");
        List<Future<List<Integer>>> runs = new ArrayList<>();
        for (int c = 0; c < 24; c++) {
            int client = c;
            Callable<List<Integer>> run = () -> {
                List<Integer> statuses = new ArrayList<>();
                try (RawHttpClient http = new RawHttpClient(gateway.port())) {
                    for (int i = 0; i < 10; i++) {
                        statuses.add(http.exchange(RawHttpClient.get("/c" + client + "/" + i)).status());
                    }
                }
                return statuses;
            };
            runs.add(clients.submit(run));
        }
        for (Future<List<Integer>> run : runs) {
            assertThat(run.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS)).containsOnly(200);
        }
        assertThat(backend.requests()).hasSize(240);
        assertThat(connections().pending()).isZero();
        assertThat(connections().open()).isLessThanOrEqualTo(3);
    }

    @Test
    void aReloadRaisingTheLimit_grantsTheWaitingRequestItsConnection() throws Exception {
        start("{ max-connections: 1, max-pending: 1 }", "60s");
        Future<RawHttpClient.Response> held = send("/held/1");
        await().atMost(WAIT).until(() -> backend.requests().size() == 1);
        Future<RawHttpClient.Response> waiting = send("/held/2");
        await().atMost(WAIT).until(() -> connections().pending() == 1);
        EndpointConnections before = connections();

        ReloadResult result = gateway.gatehouse.reloader()
                .apply(ConfigLoader.parse(config("{ max-connections: 2, max-pending: 1 }", "60s")
                        .replace("BACKEND_PORT", Integer.toString(backend.port())), "test.yaml"), "test")
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.ok()).as(result.errors().toString()).isTrue();
        assertThat(connections()).isSameAs(before);
        await().atMost(WAIT).until(() -> backend.requests().size() == 2);
        assertThat(connections().pending()).isZero();
        gate.countDown();
        assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void maxRequestsStillRefusesAtOnce_andCountsAsARejection() throws Exception {
        start("{ max-requests: 1 }", "60s");
        Future<RawHttpClient.Response> held = send("/held");
        await().atMost(WAIT).until(() -> backend.requests().size() == 1);

        assertThat(gateway.exchange(RawHttpClient.get("/second")).status()).isEqualTo(503);
        gate.countDown();

        assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(rejections(admin.get("/metrics").body(), "max-requests")).isEqualTo(1.0);
    }

    // ---------------------------------------------------------------- plumbing

    /** Sends {@code GET path} on a connection of its own, answered in the background. */
    private Future<RawHttpClient.Response> send(String path) throws Exception {
        RawHttpClient client = new RawHttpClient(gateway.port());
        open.add(client);
        client.send(RawHttpClient.get(path));
        Callable<RawHttpClient.Response> read = client::readResponse;
        return clients.submit(read);
    }

    private EndpointConnections connections() {
        CompiledPool pool = gateway.gatehouse.runtime().pool("web");
        Endpoint a = pool.balancer().snapshot().find("A");
        return pool.connections(a);
    }

    private static double rejections(String metrics, String limit) {
        Matcher m = Pattern.compile("gatehouse_circuit_breaker_rejections_total\\{endpoint=\"A\",limit=\"" + limit
                + "\",pool=\"web\"} ([0-9.]+)").matcher(metrics);
        assertThat(m.find()).as("rejections{limit=%s} in:%n%s", limit, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
