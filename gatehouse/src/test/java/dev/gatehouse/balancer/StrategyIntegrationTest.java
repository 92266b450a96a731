package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.StrategyType;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client → gateway with each strategy over four demo backends → every request is answered, and
 * the share of each backend (its {@code X-Backend} header) is what the strategy promises.
 *
 * <p>Requests are sequential, so no request is in flight when the next is picked: the load-aware
 * strategies then see an idle pool, and what they do with ties is what shows. The bounded load
 * of consistent hashing shows with requests held in flight by backends that answer on release.
 */
class StrategyIntegrationTest {

    private static final List<String> NAMES = List.of("A", "B", "C", "D");
    private static final List<DemoBackend> backends = new ArrayList<>();
    private GatewayFixture gateway;

    @BeforeAll
    static void startBackends() throws Exception {
        for (String name : NAMES) {
            backends.add(DemoBackend.start(name, "127.0.0.1", 0));
        }
    }

    @AfterAll
    static void stopBackends() {
        backends.forEach(DemoBackend::close);
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void roundRobin_400Requests_gatewayTakesEachBackendInTurn_clientSeesExactly100FromEach() throws Exception {
        start(StrategyType.ROUND_ROBIN, pool -> equalWeights(pool));

        List<String> seen = send(400, i -> RawHttpClient.get("/rr/" + i));

        assertThat(counts(seen)).containsExactlyInAnyOrderEntriesOf(Map.of("A", 100, "B", 100, "C", 100, "D", 100));
    }

    @Test
    void weighted3111_600Requests_gatewaySpreadsByWeightWithoutBursts_clientSeesHalfFromAAndASixthFromEachOther()
            throws Exception {
        start(StrategyType.WEIGHTED, pool -> pool
                .backend("A", backends.get(0).port(), 3)
                .backend("B", backends.get(1).port(), 1)
                .backend("C", backends.get(2).port(), 1)
                .backend("D", backends.get(3).port(), 1));

        List<String> seen = send(600, i -> RawHttpClient.get("/w/" + i));

        Map<String, Double> shares = shares(seen);
        assertThat(shares.get("A")).isCloseTo(3 / 6.0, within(0.03));
        assertThat(shares.get("B")).isCloseTo(1 / 6.0, within(0.03));
        assertThat(shares.get("C")).isCloseTo(1 / 6.0, within(0.03));
        assertThat(shares.get("D")).isCloseTo(1 / 6.0, within(0.03));
        // Smooth weighted round robin interleaves (A B A C D A …): A never gets three in a row.
        assertThat(longestRun(seen, "A")).isLessThanOrEqualTo(2);
    }

    @Test
    void random_1000Requests_gatewayDrawsUniformly_clientSeesAQuarterFromEachWithinSixPoints() throws Exception {
        start(StrategyType.RANDOM, pool -> equalWeights(pool));

        List<String> seen = send(1000, i -> RawHttpClient.get("/rnd/" + i));

        // One backend's count is binomial(1000, 1/4): σ ≈ 1.4 points, so ±6 points is over 4σ.
        assertThat(shares(seen)).hasSize(4).allSatisfy((name, share) -> assertThat(share).isCloseTo(0.25, within(0.06)));
    }

    @Test
    void leastConnections_800SequentialRequests_gatewayBreaksTiesAtRandom_clientSeesEveryBackendNotAlwaysTheFirst()
            throws Exception {
        start(StrategyType.LEAST_CONNECTIONS, pool -> equalWeights(pool));

        List<String> seen = send(800, i -> RawHttpClient.get("/lc/" + i));

        // An idle pool is all ties: broken at random, not always in favour of the first backend.
        assertThat(shares(seen)).hasSize(4).allSatisfy((name, share) -> assertThat(share).isCloseTo(0.25, within(0.08)));
    }

    @Test
    void powerOfTwo_800SequentialRequests_gatewaySpreadsAnIdlePoolEvenly_clientSeesAQuarterFromEach() throws Exception {
        start(StrategyType.POWER_OF_TWO, pool -> equalWeights(pool));

        List<String> seen = send(800, i -> RawHttpClient.get("/p2/" + i));

        assertThat(shares(seen)).hasSize(4).allSatisfy((name, share) -> assertThat(share).isCloseTo(0.25, within(0.08)));
    }

    @Test
    void ewma_400SequentialRequests_gatewayPicksTheCheaperOfTwo_clientSeesSeveralBackendsAndNoneAboveItsHalf()
            throws Exception {
        start(StrategyType.EWMA, pool -> equalWeights(pool));

        List<String> seen = send(400, i -> RawHttpClient.get("/ewma/" + i));

        // Two distinct random candidates per pick: even the cheapest backend is a candidate in only
        // half of the picks, and the third cheapest still wins a pair ({3rd, 4th}) one time in six.
        Map<String, Double> shares = shares(seen);
        assertThat(shares.size()).isGreaterThanOrEqualTo(3);
        assertThat(shares.values()).allSatisfy(share -> assertThat(share).isLessThanOrEqualTo(0.62));
    }

    @Test
    void ipHash_50RequestsFromOneAddress_gatewayHashesTheClientIp_clientSeesOneBackend() throws Exception {
        start(StrategyType.IP_HASH, pool -> equalWeights(pool));

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // A new connection each time: a new source port, the same IP.
            RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/ip/" + i));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            seen.add(response.header("x-backend"));
        }

        assertThat(counts(seen)).hasSize(1);
    }

    @Test
    void consistentHashOnHeader_40UsersFiveRequestsEach_gatewayHashesXUserId_clientSeesOneBackendPerUserAndUsersSpread()
            throws Exception {
        start(StrategyType.CONSISTENT_HASH, pool -> equalWeights(pool).hashKey("header:X-User-Id"));

        Map<String, List<String>> backendsByUser = new LinkedHashMap<>();
        try (RawHttpClient client = gateway.connect()) {
            for (int round = 0; round < 5; round++) {
                for (int user = 0; user < 40; user++) {
                    RawHttpClient.Response response = client.exchange(
                            "GET /u HTTP/1.1\r\nHost: test\r\nX-User-Id: user-" + user + "\r\n\r\n");
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                    backendsByUser.computeIfAbsent("user-" + user, u -> new ArrayList<>()).add(response.header("x-backend"));
                }
            }
        }

        assertThat(backendsByUser.values()).allSatisfy(seen -> assertThat(counts(seen)).hasSize(1));
        List<String> homes = backendsByUser.values().stream().map(seen -> seen.get(0)).toList();
        assertThat(counts(homes)).as("users per backend").hasSize(4)
                .allSatisfy((name, users) -> assertThat(users).isBetween(4, 20));
    }

    @Test
    void consistentHashOnHeader_requestsWithoutTheHeader_gatewayFallsBackToTheClientIp_clientSeesOneBackend()
            throws Exception {
        start(StrategyType.CONSISTENT_HASH, pool -> equalWeights(pool).hashKey("header:X-User-Id"));

        List<String> seen = send(30, i -> RawHttpClient.get("/nokey/" + i));

        assertThat(counts(seen)).hasSize(1);
    }

    @Test
    void consistentHashHotKey_20HeldRequestsOfOneUser_gatewaySpillsOverToRingNeighbours_noBackendHoldsMoreThanItsBound()
            throws Exception {
        // Backends that hold every request until released: the in-flight counts stay put while we look.
        CountDownLatch release = new CountDownLatch(1);
        Map<String, RecordingBackend> held = new TreeMap<>();
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            for (String name : NAMES) {
                held.put(name, RecordingBackend.start(answerWhenReleased(name, release)));
            }
            gateway = GatewayFixture.builder()
                    .pool("web", pool -> {
                        pool.strategy(StrategyType.CONSISTENT_HASH).hashKey("header:X-User-Id");
                        held.forEach((name, backend) -> pool.backend(name, backend.port()));
                    })
                    .start();
            List<Future<RawHttpClient.Response>> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int sent = i + 1;
                responses.add(clients.submit(() -> {
                    try (RawHttpClient client = gateway.connect()) {
                        return client.exchange("GET /hot HTTP/1.1\r\nHost: test\r\nX-User-Id: hot\r\n\r\n");
                    }
                }));
                // One at a time, so that each pick sees the requests in flight before it.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> held.values().stream().mapToInt(b -> b.requests().size()).sum() == sent);
            }

            Map<String, Integer> inFlight = new TreeMap<>();
            held.forEach((name, backend) -> inFlight.put(name, backend.requests().size()));
            // ε = 0.25: with 20 in flight over 4 equal backends, none takes more than ceil(1.25 × 20 / 4) = 7.
            assertThat(inFlight.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(7));
            assertThat(inFlight.values().stream().filter(n -> n > 0).count()).isGreaterThan(1);

            release.countDown();
            for (Future<RawHttpClient.Response> response : responses) {
                assertThat(response.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
            if (gateway != null) {
                gateway.close();
                gateway = null;
            }
            for (RecordingBackend backend : held.values()) {
                backend.close();
            }
        }
    }

    private static GatewayFixture.PoolSpec equalWeights(GatewayFixture.PoolSpec pool) {
        backends.forEach(b -> pool.backend(b.name(), b.port()));
        return pool;
    }

    private void start(StrategyType strategy, Consumer<GatewayFixture.PoolSpec> backendsAndOptions) throws Exception {
        gateway = GatewayFixture.builder()
                .pool("web", pool -> backendsAndOptions.accept(pool.strategy(strategy)))
                .start();
    }

    /** Sends {@code n} requests one after another on one keep-alive connection; the backends that answered. */
    private List<String> send(int n, IntFunction<String> request) throws Exception {
        List<String> seen = new ArrayList<>(n);
        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; i < n; i++) {
                RawHttpClient.Response response = client.exchange(request.apply(i));
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                seen.add(response.header("x-backend"));
            }
        }
        return seen;
    }

    private static Map<String, Integer> counts(List<String> seen) {
        Map<String, Integer> counts = new TreeMap<>();
        seen.forEach(name -> counts.merge(name, 1, Integer::sum));
        return counts;
    }

    private static Map<String, Double> shares(List<String> seen) {
        Map<String, Double> shares = new TreeMap<>();
        counts(seen).forEach((name, count) -> shares.put(name, count / (double) seen.size()));
        return shares;
    }

    private static int longestRun(List<String> seen, String name) {
        int longest = 0;
        int run = 0;
        for (String s : seen) {
            run = s.equals(name) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** Answers every request once {@code release} opens, naming itself. */
    private static RecordingBackend.Responder answerWhenReleased(String name, CountDownLatch release) {
        return (request, socket, out) -> {
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            out.write(("HTTP/1.1 200 OK\r\nX-Backend: " + name + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        };
    }
}
