package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.StrategyType;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client → gateway with {@code least-connections} over four slow backends → backend A holds
 * {@code /slow} requests in flight → the gateway sends new requests to B, C and D until A's
 * requests finish → client sees A again afterwards.
 *
 * <p>Each backend answers {@code /slow} only when the test opens its gate (a slow backend whose
 * slowness the test controls, so nothing depends on timing), and anything else at once, with
 * {@code X-Backend: <name>}.
 */
class LeastConnectionsIntegrationTest {

    private static final List<String> NAMES = List.of("A", "B", "C", "D");
    private static final Duration RESPONSE = Duration.ofSeconds(20);

    private final Map<String, RecordingBackend> backends = new TreeMap<>();
    private final Map<String, CountDownLatch> gates = new TreeMap<>();
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        for (String name : NAMES) {
            CountDownLatch gate = new CountDownLatch(1);
            gates.put(name, gate);
            backends.put(name, RecordingBackend.start(slowUntilReleased(name, gate)));
        }
        gateway = GatewayFixture.builder()
                .pool("web", pool -> {
                    pool.strategy(StrategyType.LEAST_CONNECTIONS);
                    backends.forEach((name, backend) -> pool.backend(name, backend.port()));
                })
                .start();
    }

    @AfterEach
    void stop() throws IOException {
        gates.values().forEach(CountDownLatch::countDown);
        clients.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
        for (RecordingBackend backend : backends.values()) {
            backend.close();
        }
    }

    @Test
    void eightSlowRequestsSentOneAfterAnother_gatewayPutsEachOnTheLeastBusyBackend_eachBackendHoldsTwo_clientSeesEachAnswerTwice()
            throws Exception {
        List<Future<RawHttpClient.Response>> slow = sendSlowRequestsOneAfterAnother(8);

        assertThat(held()).containsExactlyInAnyOrderEntriesOf(Map.of("A", 2, "B", 2, "C", 2, "D", 2));

        gates.values().forEach(CountDownLatch::countDown);
        assertThat(answeredBy(slow)).containsExactlyInAnyOrderEntriesOf(Map.of("A", 2, "B", 2, "C", 2, "D", 2));
    }

    @Test
    void backendAStillHoldsTwoSlowRequests_gatewaySendsNewRequestsToBCD_clientSeesAAgainOnceTheyFinish() throws Exception {
        List<Future<RawHttpClient.Response>> slow = sendSlowRequestsOneAfterAnother(8);
        gates.get("B").countDown();
        gates.get("C").countDown();
        gates.get("D").countDown();
        await().atMost(RESPONSE).until(() -> slow.stream().filter(Future::isDone).count() == 6);
        List<Future<RawHttpClient.Response>> onOthers = slow.stream().filter(Future::isDone).toList();
        List<Future<RawHttpClient.Response>> onA = slow.stream().filter(f -> !f.isDone()).toList();
        assertThat(answeredBy(onOthers)).containsExactlyInAnyOrderEntriesOf(Map.of("B", 2, "C", 2, "D", 2));
        assertThat(gateway.endpointState("web", "A").inFlight()).isEqualTo(2);

        List<String> whileAIsBusy = sendQuickRequests(40);

        assertThat(whileAIsBusy).doesNotContain("A").contains("B", "C", "D");

        gates.get("A").countDown();
        assertThat(answeredBy(onA)).containsExactlyEntriesOf(Map.of("A", 2));
        await().atMost(RESPONSE).until(() -> gateway.endpointState("web", "A").inFlight() == 0);

        List<String> afterwards = sendQuickRequests(40);

        assertThat(afterwards).contains("A");
    }

    /**
     * Sends {@code n} {@code /slow} requests, each on its own connection and each only once the
     * previous one reached a backend, so that every pick sees the in-flight counts of all before.
     */
    private List<Future<RawHttpClient.Response>> sendSlowRequestsOneAfterAnother(int n) {
        List<Future<RawHttpClient.Response>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int sent = i + 1;
            String request = RawHttpClient.get("/slow/" + i);
            responses.add(clients.submit(() -> {
                try (RawHttpClient client = gateway.connect()) {
                    client.readTimeout(RESPONSE);
                    return client.exchange(request);
                }
            }));
            await().atMost(RESPONSE).pollInterval(Duration.ofMillis(5)).until(() -> heldTotal() == sent);
        }
        return responses;
    }

    /** Sends {@code n} quick requests one after another on one connection; the backends that answered. */
    private List<String> sendQuickRequests(int n) throws IOException {
        List<String> seen = new ArrayList<>();
        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; i < n; i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("/quick/" + i));
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                seen.add(response.header("x-backend"));
            }
        }
        return seen;
    }

    /** How many {@code /slow} requests each backend received. */
    private Map<String, Integer> held() {
        Map<String, Integer> held = new TreeMap<>();
        backends.forEach((name, backend) -> held.put(name,
                (int) backend.requests().stream().filter(r -> r.target().startsWith("/slow")).count()));
        return held;
    }

    private int heldTotal() {
        return held().values().stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<String, Integer> answeredBy(List<Future<RawHttpClient.Response>> responses) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (Future<RawHttpClient.Response> f : responses) {
            RawHttpClient.Response response = f.get(RESPONSE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            counts.merge(response.header("x-backend"), 1, Integer::sum);
        }
        return counts;
    }

    /** Answers {@code /slow} once {@code gate} opens and everything else at once, naming itself. */
    private static RecordingBackend.Responder slowUntilReleased(String name, CountDownLatch gate) {
        return (request, socket, out) -> {
            if (request.target().startsWith("/slow")) {
                try {
                    if (!gate.await(RESPONSE.toSeconds(), TimeUnit.SECONDS)) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            byte[] body = ("ok " + request.target()).getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nX-Backend: " + name + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return true;
        };
    }
}
