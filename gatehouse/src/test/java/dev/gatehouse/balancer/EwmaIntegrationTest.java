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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client → gateway with {@code ewma} over four backends under steady load → backend A turns slow
 * → the gateway moves A's traffic to B, C and D → A recovers → client sees A's share come back.
 *
 * <p>Each backend answers every request after a delay the test sets at runtime (0 by default),
 * naming itself in {@code X-Backend}. Shares are measured over the most recent responses while
 * four clients keep sending requests; the pool's {@code ewma-decay} is 1s so that a recovered
 * backend is tried again within a few seconds.
 */
class EwmaIntegrationTest {

    private static final List<String> NAMES = List.of("A", "B", "C", "D");
    private static final int CLIENTS = 4;
    private static final int WINDOW = 200;
    private static final Duration SLOW = Duration.ofMillis(250);
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final Map<String, RecordingBackend> backends = new TreeMap<>();
    private final Map<String, AtomicInteger> delaysMillis = new TreeMap<>();
    private final AtomicInteger slowAnswersOfA = new AtomicInteger();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> seen = new ArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        for (String name : NAMES) {
            AtomicInteger delay = new AtomicInteger();
            delaysMillis.put(name, delay);
            backends.put(name, RecordingBackend.start(answerAfterDelay(name, delay)));
        }
        gateway = GatewayFixture.builder()
                .pool("web", pool -> {
                    pool.strategy(StrategyType.EWMA).ewmaDecay(Duration.ofSeconds(1));
                    backends.forEach((name, backend) -> pool.backend(name, backend.port()));
                })
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);
        if (gateway != null) {
            gateway.close();
        }
        for (RecordingBackend backend : backends.values()) {
            backend.close();
        }
    }

    @Test
    void backendATurnsSlowUnderLoad_gatewayMovesItsTrafficElsewhere_clientSeesAsShareDropThenComeBackWhenItRecovers() {
        for (int i = 0; i < CLIENTS; i++) {
            clients.execute(this::sendUntilStopped);
        }
        await("A takes part while every backend is fast").atMost(WAIT)
                .until(() -> recentShareOf("A") >= 0.10);

        delaysMillis.get("A").set((int) SLOW.toMillis());
        await("A's share drops once it answered slowly").atMost(WAIT)
                .until(() -> slowAnswersOfA.get() >= 1 && recentShareOf("A") <= 0.02);

        delaysMillis.get("A").set(0);
        await("A's share comes back after it recovered").atMost(WAIT)
                .until(() -> recentShareOf("A") >= 0.10);

        running.set(false);
        assertThat(failures).isEmpty();
    }

    /** One client: requests one after another on a keep-alive connection until the test ends. */
    private void sendUntilStopped() {
        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; running.get(); i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("/load/" + i));
                if (response.status() != 200) {
                    throw new AssertionError("expected 200: " + response);
                }
                synchronized (seen) {
                    seen.add(response.header("x-backend"));
                }
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            failures.add(e);
        }
    }

    /** The share of the last {@value #WINDOW} responses that {@code name} sent; 0 until there are that many. */
    private double recentShareOf(String name) {
        assertThat(failures).isEmpty();
        synchronized (seen) {
            int size = seen.size();
            if (size < WINDOW) {
                return 0;
            }
            long count = seen.subList(size - WINDOW, size).stream().filter(name::equals).count();
            return count / (double) WINDOW;
        }
    }

    /** Answers each request after the current {@code delayMillis}, naming itself. */
    private RecordingBackend.Responder answerAfterDelay(String name, AtomicInteger delayMillis) {
        return (request, socket, out) -> {
            int delay = delayMillis.get();
            if (delay > 0) {
                try {
                    // The backend's own slowness, not the test waiting: this is what the gateway measures.
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                if (name.equals("A")) {
                    slowAnswersOfA.incrementAndGet();
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
