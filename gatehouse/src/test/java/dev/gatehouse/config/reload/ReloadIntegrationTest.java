package dev.gatehouse.config.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.Gatehouse;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.demo.DemoBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator edits the config file → gateway validates, compiles and swaps it (or refuses it and
 * keeps the running one) → clients under steady load see no failed request, and the admin API
 * shows what happened.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReloadIntegrationTest {

    @TempDir
    Path dir;

    private final Map<String, DemoBackend> backends = new java.util.LinkedHashMap<>();
    private Path file;
    private Gatehouse gatehouse;
    private AdminClient admin;

    @BeforeEach
    void startBackends() throws Exception {
        for (String name : List.of("A", "B", "C")) {
            backends.put(name, DemoBackend.start(name, "127.0.0.1", 0));
        }
        file = dir.resolve("gatehouse.yaml");
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        backends.values().forEach(DemoBackend::close);
    }

    /** A config with pool {@code web} over {@code names}, each with weight 1 unless {@code weights} says otherwise. */
    private String config(String strategy, List<String> names) {
        StringBuilder pool = new StringBuilder();
        for (String name : names) {
            pool.append("      - { name: ").append(name).append(", address: 127.0.0.1:")
                    .append(backends.get(name).port()).append(" }\n");
        }
        return """
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                routes:
                  - name: web
                    match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    strategy: %s
                    backends:
                %s""".formatted(strategy, pool);
    }

    private void start(String yaml, boolean watch) throws Exception {
        Files.writeString(file, yaml);
        gatehouse = Gatehouse.start(ConfigLoader.load(file), file, watch);
        admin = new AdminClient(gatehouse.adminPort());
    }

    private List<String> endpointNames() {
        List<String> names = new ArrayList<>();
        admin.json("/api/pools").get("pools").get(0).get("endpoints").forEach(e -> names.add(e.get("name").asText()));
        return names;
    }

    private long generation() {
        return admin.json("/api/status").get("generation").asLong();
    }

    /** The generation the last recorded reload produced or kept; -1 before any reload. */
    private long lastReloadGeneration() {
        JsonNode last = admin.json("/api/status").get("last_reload");
        return last == null || last.isNull() ? -1 : last.get("generation").asLong();
    }

    /** GETs on a few keep-alive connections until stopped; counts answers and failures. */
    private static final class SteadyLoad implements AutoCloseable {
        final AtomicLong ok = new AtomicLong();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        SteadyLoad(int port, int clients) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // bounded even if a test hangs
            for (int i = 0; i < clients; i++) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/load"))
                        .timeout(Duration.ofSeconds(10)).build();
                Thread t = new Thread(() -> {
                    while (!stop.get() && System.nanoTime() < deadline) {
                        try {
                            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }, "load-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        /** Waits until {@code n} more requests were answered. */
        void awaitMore(long n) {
            long target = ok.get() + n;
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() >= target || !failures.isEmpty());
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(15));
            }
        }
    }

    @Test
    void twentyReloadsUnderSteadyLoadFailNoRequestAndInvalidOnesKeepThePreviousConfig() throws Exception {
        start(config("round-robin", List.of("A", "B")), false);
        List<List<String>> memberships = List.of(List.of("B", "C"), List.of("A", "C"), List.of("A", "B", "C"),
                List.of("C"), List.of("A", "B"));
        List<String> strategies = List.of("least-connections", "weighted", "random", "power-of-two", "round-robin");
        List<String> invalid = List.of(
                config("round-robbin", List.of("A")),
                config("round-robin", List.of("A")).replace("pool: web", "pool: nope"),
                config("round-robin", List.of("A")).replace("address: 127.0.0.1:0", "address: 127.0.0.1:1"),
                "listeners: [ unclosed\n");
        List<String> expectedError = List.of("round-robbin", "nope", "listeners cannot change on reload", "gatehouse.yaml");

        int valid = 0;
        int refused = 0;
        List<String> running = List.of("A", "B");
        try (SteadyLoad load = new SteadyLoad(gatehouse.listenerPort("public"), 4)) {
            load.awaitMore(20);
            for (int i = 0; i < 20; i++) {
                long before = generation();
                if (i % 5 == 4) {
                    String yaml = invalid.get(refused % invalid.size());
                    Files.writeString(file, yaml);

                    HttpResponse<String> reload = admin.post("/api/reload");

                    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(422);
                    JsonNode last = admin.json("/api/status").get("last_reload");
                    assertThat(last.get("ok").asBoolean()).isFalse();
                    assertThat(last.get("trigger").asText()).isEqualTo("api");
                    assertThat(last.get("errors").size()).isPositive();
                    assertThat(last.get("errors").toString()).contains(expectedError.get(refused % invalid.size()));
                    assertThat(generation()).isEqualTo(before);
                    assertThat(endpointNames()).containsExactlyElementsOf(running);
                    refused++;
                } else {
                    running = memberships.get(valid % memberships.size());
                    Files.writeString(file, config(strategies.get(valid % strategies.size()), running));

                    HttpResponse<String> reload = admin.post("/api/reload");

                    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
                    assertThat(AdminClient.parse(reload.body()).get("ok").asBoolean()).isTrue();
                    assertThat(generation()).isEqualTo(before + 1);
                    assertThat(endpointNames()).containsExactlyElementsOf(running);
                    valid++;
                }
                load.awaitMore(20);
            }
            load.close();
            assertThat(load.failures).as("failed requests").isEmpty();
            assertThat(load.ok.get()).isGreaterThanOrEqualTo(20 * 20);
        }
        assertThat(valid).isEqualTo(16);
        assertThat(refused).isEqualTo(4);
        String metrics = admin.get("/metrics").body();
        assertThat(metrics).contains("gatehouse_reloads_total{result=\"ok\"} 16.0");
        assertThat(metrics).contains("gatehouse_reloads_total{result=\"failed\"} 4.0");
    }

    @Test
    void aChangedFileIsReloadedByTheWatcherAndABadOneIsRefused() throws Exception {
        start(config("round-robin", List.of("A", "B")), true);
        AdminClient client = new AdminClient(gatehouse.listenerPort("public"));

        Files.writeString(file, config("round-robin", List.of("C")));

        // The new generation serves before its reload is recorded: wait for the record, not the swap.
        await().atMost(Duration.ofSeconds(20)).until(() -> lastReloadGeneration() == 2);
        assertThat(generation()).isEqualTo(2);
        JsonNode last = admin.json("/api/status").get("last_reload");
        assertThat(last.get("ok").asBoolean()).isTrue();
        assertThat(last.get("trigger").asText()).isEqualTo("file-watch");
        assertThat(endpointNames()).containsExactly("C");
        assertThat(client.get("/").headers().firstValue("x-backend")).hasValue("C");

        Files.writeString(file, config("round-robin", List.of("C")).replace("strategy: round-robin", "strategy: fastest"));

        await().atMost(Duration.ofSeconds(20)).until(() -> !admin.json("/api/status").get("last_reload").get("ok").asBoolean());
        JsonNode refused = admin.json("/api/status").get("last_reload");
        assertThat(refused.get("trigger").asText()).isEqualTo("file-watch");
        assertThat(refused.get("errors").get(0).asText()).startsWith(file + ":").contains("pools.web.strategy");
        assertThat(generation()).isEqualTo(2);
        HttpResponse<String> stillServed = client.get("/");
        assertThat(stillServed.statusCode()).isEqualTo(200);
        assertThat(stillServed.headers().firstValue("x-backend")).hasValue("C");
    }

    @Test
    void unchangedEndpointsKeepTheirStateAndOverridesWhileTheFileKeepsThem() throws Exception {
        start(config("weighted", List.of("A", "B")), false);
        AdminClient client = new AdminClient(gatehouse.listenerPort("public"));
        for (int i = 0; i < 6; i++) {
            assertThat(client.get("/").statusCode()).isEqualTo(200);
        }
        long requestsOfA = admin.endpoint("web", "A").get("requests").asLong();
        assertThat(admin.post("/api/pools/web/endpoints/B/drain").statusCode()).isEqualTo(200);
        assertThat(admin.put("/api/pools/web/endpoints/A/weight", "{\"weight\": 5}").statusCode()).isEqualTo(200);

        Files.writeString(file, config("weighted", List.of("A", "B", "C")));
        assertThat(admin.post("/api/reload").statusCode()).isEqualTo(200);

        JsonNode a = admin.endpoint("web", "A");
        assertThat(a.get("requests").asLong()).isEqualTo(requestsOfA);
        assertThat(a.get("weight").asInt()).isEqualTo(5);
        assertThat(a.get("configured_weight").asInt()).isEqualTo(1);
        assertThat(admin.endpoint("web", "B").get("draining").asBoolean()).isTrue();
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < 12; i++) {
            seen.add(client.get("/").headers().firstValue("x-backend").orElseThrow());
        }
        assertThat(seen).containsExactly("A", "C");

        Files.writeString(file, config("weighted", List.of("B", "C")));
        assertThat(admin.post("/api/reload").statusCode()).isEqualTo(200);
        Files.writeString(file, config("weighted", List.of("A", "B", "C")));
        assertThat(admin.post("/api/reload").statusCode()).isEqualTo(200);

        assertThat(admin.endpoint("web", "A").get("weight").asInt()).as("the override went with the endpoint").isEqualTo(1);
    }
}
