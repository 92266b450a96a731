package dev.gatehouse.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.reload.ReloadResult;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.runtime.RuntimeCompiler;
import dev.gatehouse.runtime.RuntimeSnapshot;
import dev.gatehouse.runtime.Transport;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health over real sockets: backends whose {@code /health} status (and whose answer to anything
 * else) the test sets, and a gateway in front of them running its pool's checks; or, for the
 * checkers alone, a runtime compiled by {@link RuntimeCompiler} and {@link HealthCheckers} on an
 * event loop group of the test's. The sentences read: what the backends do → what the gateway
 * does → what clients see.
 */
class HealthIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String FAST_CHECKS = "    health-check: { path: /health, interval: 50ms, timeout: 1s,"
            + " healthy-threshold: 2, unhealthy-threshold: 2 }\n";

    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final Transport transport = Transport.nio();
    private final EventLoopGroup group = transport.newGroup(2, "health-test", true);
    private HealthCheckers checkers;
    private Gatehouse gateway;

    /** A backend answering {@code /health} with {@link #health} and everything else with {@link #status}. */
    private static final class Backend {
        final String name;
        final AtomicInteger health = new AtomicInteger(200);
        final AtomicInteger status = new AtomicInteger(200);
        final AtomicInteger probes = new AtomicInteger();
        final RecordingBackend server;
        volatile CountDownLatch gate;

        Backend(String name) throws IOException {
            this.name = name;
            this.server = RecordingBackend.start((request, socket, out) -> {
                boolean probe = request.target().equals("/health");
                if (probe) {
                    probes.incrementAndGet();
                } else if (gate != null) {
                    try {
                        gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int code = probe ? health.get() : status.get();
                byte[] body = name.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + code + " " + (code < 400 ? "OK" : "Failing") + "\r\nX-Backend: " + name
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return true;
            });
        }

        int port() {
            return server.port();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (checkers != null) {
            checkers.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        for (Backend b : backends.values()) {
            b.server.close();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    @Test
    void backendHealthAnswers503_activeChecksTakeItOut_clientsSeeOnlyTheOthers_thenItRecoversAndIsBack() throws Exception {
        start("A", "B");
        startGateway(FAST_CHECKS);
        awaitProbed("A", "B");

        backends.get("A").health.set(503);

        await().atMost(WAIT).until(() -> !state("A").isActiveHealthy());
        assertThat(state("A").isReady()).isFalse();
        assertThat(seenBy(20)).containsOnlyKeys("B");

        backends.get("A").health.set(200);

        await().atMost(WAIT).until(() -> state("A").isActiveHealthy());
        assertThat(backends.get("A").probes.get()).isGreaterThan(2);
        assertThat(seenBy(20)).containsOnlyKeys("A", "B");
    }

    @Test
    void backendClosesItsPort_tcpChecksFindNoListener_thePoolPicksOnlyTheOther() throws Exception {
        start("A", "B");
        RuntimeSnapshot snapshot = RuntimeCompiler.compile(config(
                "    health-check: { type: tcp, interval: 50ms, timeout: 1s, unhealthy-threshold: 2 }\n"), null);
        startCheckers(snapshot);
        EndpointState a = snapshot.pool("web").balancer().snapshot().find("A").state();
        await().atMost(WAIT).until(() -> backends.get("A").server.connections() > 0);

        backends.get("A").server.close();

        await().atMost(WAIT).until(() -> !a.isActiveHealthy());
        Balancer balancer = snapshot.pool("web").balancer();
        for (int i = 0; i < 20; i++) {
            assertThat(balancer.pick(new PickContext(null, null)).name()).isEqualTo("B");
        }
    }

    @Test
    void reloadsKeepEachEndpointsCheckStateAndDroppingTheChecksPutsEndpointsBack() throws Exception {
        start("A", "B", "C");
        backends.get("A").health.set(500);
        RuntimeSnapshot first = RuntimeCompiler.compile(config(FAST_CHECKS, "A", "B"), null);
        startCheckers(first);
        EndpointState a = first.pool("web").balancer().snapshot().find("A").state();
        await().atMost(WAIT).until(() -> !a.isActiveHealthy());

        // A reload adds C and slows the checks down: A stays out, without having to fail again.
        RuntimeSnapshot second = RuntimeCompiler.compile(config(FAST_CHECKS.replace("50ms", "100ms"), "A", "B", "C"),
                first);
        int probesOfC = backends.get("C").probes.get();
        checkers.update(second);

        assertThat(second.pool("web").balancer().snapshot().find("A").state()).isSameAs(a);
        assertThat(a.isActiveHealthy()).isFalse();
        assertThat(checkers.checker("web").probes()).isEqualTo(3);
        await().atMost(WAIT).until(() -> backends.get("C").probes.get() > probesOfC);
        assertThat(a.isActiveHealthy()).isFalse();

        // A reload without checks: nothing probes A any more, so it must not stay out for ever.
        RuntimeSnapshot third = RuntimeCompiler.compile(config("", "A", "B", "C"), second);
        checkers.update(third);

        await().atMost(WAIT).until(a::isActiveHealthy);
        assertThat(checkers.checker("web")).isNull();
    }

    @Test
    void gatewayReloadsAddingABackendAndChangingTheInterval_aFailingBackendStaysOut_theNewOneIsProbed()
            throws Exception {
        start("A", "B", "C");
        backends.get("A").health.set(503);
        gateway = Gatehouse.start(config(FAST_CHECKS, "A", "B"));
        await().atMost(WAIT).until(() -> !state("A").isActiveHealthy());
        EndpointState a = state("A");

        ReloadResult result = gateway.reloader().apply(config(FAST_CHECKS.replace("50ms", "80ms"), "A", "B", "C"),
                "test").get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(result.ok()).as("reload %s", result).isTrue();
        assertThat(state("A")).isSameAs(a);
        assertThat(a.isActiveHealthy()).isFalse();
        assertThat(gateway.healthCheckers().checker("web").probes()).isEqualTo(3);
        await().atMost(WAIT).until(() -> backends.get("C").probes.get() > 0);
        assertThat(seenBy(20)).containsOnlyKeys("B", "C");
    }

    @Test
    void everyBackendFailsItsChecks_poolGoesIntoPanic_clientsAreStillServedByAllOfThem() throws Exception {
        start("A", "B", "C");
        startGateway(FAST_CHECKS + "    panic-threshold: 50%\n");
        awaitProbed("A", "B", "C");

        backends.values().forEach(b -> b.health.set(503));

        await().atMost(WAIT).until(() -> backends.keySet().stream().noneMatch(n -> state(n).isActiveHealthy()));
        assertThat(gateway.runtime().pool("web").balancer().snapshot().health().isPanic()).isTrue();
        assertThat(seenBy(30)).containsOnlyKeys("A", "B", "C");

        backends.get("A").health.set(200);
        backends.get("B").health.set(200);

        await().atMost(WAIT).until(() -> !gateway.runtime().pool("web").balancer().snapshot().health().isPanic());
        assertThat(seenBy(20)).containsOnlyKeys("A", "B");
    }

    @Test
    void backendAnswers500_outlierDetectionEjectsItAfterThreeInARow_clientsThenSeeOnlyTheOther() throws Exception {
        start("A", "B");
        backends.get("A").status.set(500);
        startGateway("    outlier-detection: { consecutive-failures: 3, base-ejection-time: 5m }\n");

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 10 && !state("A").isEjected(); i++) {
            RawHttpClient.Response response = get("/try/" + i);
            seen.add(response.header("x-backend") + " " + response.status());
        }

        // Round robin alternates: A's third 500 ejects it (passive health hears each answer
        // before the client does).
        assertThat(seen).filteredOn(s -> s.startsWith("A ")).containsExactly("A 500", "A 500", "A 500");
        assertThat(state("A").isEjected()).isTrue();
        assertThat(gateway.runtime().pool("web").balancer().snapshot().health().ejectionsTotal()).isEqualTo(1);
        assertThat(seenBy(20)).containsOnlyKeys("B");
    }

    @Test
    void backendIsKilled_connectFailuresAreRetriedAndEjectIt_clientsSeeNoFailure() throws Exception {
        start("A", "B");
        startGateway("    outlier-detection: { consecutive-failures: 2, base-ejection-time: 5m }\n");
        assertThat(seenBy(4)).containsOnlyKeys("A", "B");

        backends.get("A").server.close();

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(get("/after/" + i).status());
        }
        assertThat(statuses).containsOnly(200);
        assertThat(state("A").isEjected()).isTrue();
    }

    @Test
    void backendFailsEverything_ejectedAndFailingChecks_afterItRecoversChecksBringItBackBeforeItsEjectionEnds()
            throws Exception {
        start("A", "B");
        startGateway(FAST_CHECKS + "    outlier-detection: { consecutive-failures: 2, base-ejection-time: 10m }\n");
        awaitProbed("A", "B");
        Backend a = backends.get("A");
        a.status.set(500);
        a.health.set(503);
        for (int i = 0; i < 10 && !state("A").isEjected(); i++) {
            get("/fail/" + i);
        }
        await().atMost(WAIT).until(() -> state("A").isEjected() && !state("A").isActiveHealthy());

        a.status.set(200);
        a.health.set(200);

        await().atMost(WAIT).until(() -> state("A").isReady());
        assertThat(seenBy(20)).containsOnlyKeys("A", "B");
    }

    @Test
    void backendRecoversWithSlowStart_itGetsAFractionOfItsShareAtFirst_butSomeTraffic() throws Exception {
        start("A", "B");
        // An hour-long window: the ramp stays near its start (a tenth of A's share) for the whole test.
        startGateway(FAST_CHECKS + "    slow-start: 1h\n");
        awaitProbed("A", "B");
        backends.get("A").health.set(503);
        await().atMost(WAIT).until(() -> !state("A").isActiveHealthy());

        backends.get("A").health.set(200);
        await().atMost(WAIT).until(() -> state("A").isActiveHealthy());

        assertThat(state("A").isRamping()).isTrue();
        Map<String, Integer> seen = seenBy(300);
        // Round robin with A at a tenth: about 1 in 11 requests; an even share would be 150.
        assertThat(seen.getOrDefault("A", 0)).isBetween(1, 75);
    }

    @Test
    void backendHoldsOneRequest_circuitBreakerAllowsOnePerEndpoint_aSecondClientGets503AtOnce() throws Exception {
        start("A");
        startGateway("    circuit-breaker: { max-requests: 1 }\n");
        Backend a = backends.get("A");
        a.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        closeLast.add(pool::shutdownNow);

        Future<Integer> held = pool.submit(() -> get("/held").status());
        await().atMost(WAIT).until(() -> state("A").inFlight() == 1);
        int second = get("/second").status();
        a.gate.countDown();

        assertThat(second).isEqualTo(503);
        assertThat(held.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(get("/third").status()).isEqualTo(200);
    }

    private void start(String... names) throws IOException {
        for (String name : names) {
            backends.put(name, new Backend(name));
        }
    }

    private void startGateway(String poolSettings) throws Exception {
        gateway = Gatehouse.start(config(poolSettings));
    }

    private void startCheckers(RuntimeSnapshot snapshot) {
        checkers = HealthCheckers.start(snapshot, group, transport);
    }

    private void awaitProbed(String... names) {
        for (String name : names) {
            await().atMost(WAIT).until(() -> backends.get(name).probes.get() > 0);
        }
    }

    private EndpointState state(String name) {
        Endpoint e = gateway.runtime().pool("web").balancer().snapshot().find(name);
        return e.state();
    }

    /** Backend name → requests it answered, of {@code requests} GETs through the gateway. */
    private Map<String, Integer> seenBy(int requests) throws IOException {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            RawHttpClient.Response response = get("/r/" + i);
            assertThat(response.status()).as("response %s", response).isEqualTo(200);
            seen.merge(response.header("x-backend"), 1, Integer::sum);
        }
        return seen;
    }

    private RawHttpClient.Response get(String path) throws IOException {
        try (RawHttpClient client = new RawHttpClient(gateway.listenerPort("public"))) {
            return client.exchange(RawHttpClient.get(path));
        }
    }

    /** Pool {@code web} of all started backends with {@code poolSettings} (indented by four spaces). */
    private GatehouseConfig config(String poolSettings) throws Exception {
        return config(poolSettings, backends.keySet().toArray(new String[0]));
    }

    private GatehouseConfig config(String poolSettings, String... names) throws Exception {
        StringBuilder yaml = new StringBuilder("""
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
                """);
        yaml.append(poolSettings).append("    backends:\n");
        Map<String, Integer> ports = new HashMap<>();
        backends.forEach((n, b) -> ports.put(n, b.port()));
        for (String name : names) {
            yaml.append("      - { name: ").append(name).append(", address: 127.0.0.1:").append(ports.get(name)).append(" }\n");
        }
        return ConfigLoader.parse(yaml.toString(), "health-test.yaml");
    }
}
