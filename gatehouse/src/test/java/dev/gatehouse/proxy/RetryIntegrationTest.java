package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries over real sockets: a pool of a failing backend F and a good one G, round robin. Every
 * request lands on F first (the retry takes G's turn of the shared counter), so each test sees
 * exactly what the route's retry rules do with F's failure.
 */
class RetryIntegrationTest {

    private static final String GET = "GET /item HTTP/1.1\r\nHost: test\r\n\r\n";
    private static final String POST = "POST /orders HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello";

    private final List<AutoCloseable> open = new ArrayList<>();
    private RecordingBackend failing;
    private RecordingBackend good;
    private Gatehouse gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private void start(Responder failure, String retries) throws Exception {
        failing = RecordingBackend.start(failure);
        good = RecordingBackend.start(Responder.ok());
        open.add(failing);
        open.add(good);
        String yaml = """
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                admin:
                  address: 127.0.0.1:0
                routes:
                  - match: { path-prefix: / }
                    pool: web
                %s
                pools:
                  web:
                    response-timeout: 10s
                    backends:
                      - { name: F, address: 127.0.0.1:%d }
                      - { name: G, address: 127.0.0.1:%d }
                """.formatted(retries, failing.port(), good.port());
        gateway = Gatehouse.start(ConfigLoader.parse(yaml, "retry.yaml"));
    }

    private RawHttpClient.Response send(String request) throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.listenerPort("public"))) {
            return client.exchange(request);
        }
    }

    /** Holds every request without answering until the connection is closed. */
    private static Responder hang() {
        return (request, socket, out) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        };
    }

    @Test
    void getToAHangingBackend_perTryTimeoutEndsTheTry_goodBackendAnswers_clientSees200() throws Exception {
        start(hang(), "    retries: { attempts: 2, on: [504], per-try-timeout: 300ms }");

        RawHttpClient.Response response = send(GET);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("ok /item");
        assertThat(failing.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly("/item");
        assertThat(good.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly("/item");
    }

    @Test
    void postToAHangingBackend_itsBodyWasSent_gatewayNeverRetriesIt_clientSees504() throws Exception {
        start(hang(), "    retries: { attempts: 3, on: [connect-failure, reset, 502, 503, 504], per-try-timeout: 300ms }");

        RawHttpClient.Response response = send(POST);

        assertThat(response.status()).isEqualTo(504);
        assertThat(failing.requests()).extracting(RecordingBackend.RecordedRequest::bodyText).containsExactly("hello");
        assertThat(good.requests()).isEmpty();
    }

    @Test
    void getAnswered503_routeRetries503_goodBackendAnswers_clientSees200() throws Exception {
        start(Responder.fixed("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"),
                "    retries: { attempts: 2, on: [503] }");

        RawHttpClient.Response response = send(GET);

        assertThat(response.status()).isEqualTo(200);
        assertThat(failing.requests()).hasSize(1);
        assertThat(good.requests()).hasSize(1);
    }

    @Test
    void getAnswered503_defaultRulesDoNotRetryStatuses_clientSeesTheBackends503() throws Exception {
        start(Responder.fixed("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"), "");

        RawHttpClient.Response response = send(GET);

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.text()).isEqualTo("busy");
        assertThat(good.requests()).isEmpty();
    }

    @Test
    void getToABackendThatClosesWithoutAnswering_defaultRulesRetryAReset_clientSees200() throws Exception {
        start(Responder.closeWithoutAnswer(), "");

        RawHttpClient.Response response = send(GET);

        assertThat(response.status()).isEqualTo(200);
        assertThat(failing.requests()).hasSize(1);
        assertThat(good.requests()).hasSize(1);
    }

    @Test
    void postToABackendThatClosesWithoutAnswering_notIdempotent_clientSees502() throws Exception {
        start(Responder.closeWithoutAnswer(), "");

        RawHttpClient.Response response = send(POST);

        assertThat(response.status()).isEqualTo(502);
        assertThat(good.requests()).isEmpty();
    }

    @Test
    void manyFailingGets_budgetOfZeroPercent_onlyTheReserveIsRetried_theRestSeeTheBackends503() throws Exception {
        start(Responder.fixed("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"),
                "    retries: { attempts: 2, on: [503], budget-percent: 0 }");

        int ok = 0;
        int unavailable = 0;
        for (int i = 0; i < 30; i++) {
            int status = send(GET).status();
            if (status == 200) {
                ok++;
            } else if (status == 503) {
                unavailable++;
            }
        }

        // The budget starts with a reserve of 10 retries and earns nothing at 0%: the first 10
        // requests are retried on G; after that F's answers reach the client, and without the
        // retries taking G's turns, the requests alternate between F (503) and G (200).
        assertThat(ok).isEqualTo(20);
        assertThat(unavailable).isEqualTo(10);
        assertThat(failing.requests()).hasSize(20);
        assertThat(good.requests()).hasSize(20);
    }
}
