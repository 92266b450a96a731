package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client pipelines several requests in one write → gateway serves them → client gets the answers in request order. */
class PipeliningIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every backend here answers within a second (the slowest after 300ms): waiting longer means never. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(5);
    private static DemoBackend a;
    private static DemoBackend b;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        a = DemoBackend.start("A", "127.0.0.1", 0);
        b = DemoBackend.start("B", "127.0.0.1", 0);
        gateway = GatewayFixture.builder()
                .pool("demo", p -> p.backend("A", a.port()).backend("B", b.port()))
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        a.close();
        b.close();
    }

    @Test
    void fivePipelinedGets_gatewayForwardsThemOneByOne_clientGetsFiveAnswersInRequestOrder() throws Exception {
        List<String> paths = List.of("/p/1", "/p/2", "/p/3", "/p/4", "/p/5");

        List<String> answered = pipeline(paths.stream().map(RawHttpClient::get).toList(), paths.size());

        assertThat(answered).containsExactlyElementsOf(paths);
    }

    @Test
    void pipelinedSlowRequestFirst_laterOnesGoToOtherBackends_clientStillGetsTheSlowAnswerFirst() throws Exception {
        List<String> paths = List.of("/slow?ms=300", "/fast/1", "/fast/2", "/fast/3");

        List<String> answered = pipeline(paths.stream().map(RawHttpClient::get).toList(), paths.size());

        assertThat(answered).containsExactlyElementsOf(paths);
    }

    @Test
    void pipelinedPostWithBodyBetweenGets_gatewayFramesEachRequest_backendSeesTheBodyAndClientGetsAnswersInOrder()
            throws Exception {
        List<String> requests = List.of(
                RawHttpClient.get("/one"),
                "POST /two HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello",
                "POST /three HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                RawHttpClient.get("/four"));

        List<JsonNode> answered = pipelineJson(requests, 4);

        assertThat(answered).extracting(j -> j.get("path").asText()).containsExactly("/one", "/two", "/three", "/four");
        assertThat(answered).extracting(j -> j.get("method").asText()).containsExactly("GET", "POST", "POST", "GET");
        assertThat(answered.get(1).get("headers").get("content-length").asText()).isEqualTo("5");
        assertThat(answered.get(2).get("headers").get("transfer-encoding").asText()).isEqualTo("chunked");
    }

    @Test
    void pipelinedPostFollowsAGetToTheSameBackend_gatewaySendsItOnTheKeptAliveConnection_backendGetsTheWholeBody()
            throws Exception {
        try (GatewayFixture single = GatewayFixture.builder().pool("one", p -> p.backend("A", a.port())).start()) {
            List<String> requests = List.of(
                    RawHttpClient.get("/warm"),
                    "POST /body HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello",
                    RawHttpClient.get("/after"));

            List<JsonNode> answered = pipelineJson(single, requests, 3);

            assertThat(answered).extracting(j -> j.get("path").asText()).containsExactly("/warm", "/body", "/after");
        }
    }

    /** Writes every request in one go, then reads {@code count} answers and returns the path each describes. */
    private static List<String> pipeline(List<String> requests, int count) throws Exception {
        return pipelineJson(requests, count).stream().map(j -> j.get("path").asText()).toList();
    }

    /** Writes every request in one go, then reads {@code count} answers and returns each JSON body. */
    private static List<JsonNode> pipelineJson(List<String> requests, int count) throws Exception {
        return pipelineJson(gateway, requests, count);
    }

    private static List<JsonNode> pipelineJson(GatewayFixture through, List<String> requests, int count) throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        try (RawHttpClient client = through.connect()) {
            client.readTimeout(ANSWER_WAIT);
            client.send(String.join("", requests));
            for (int i = 0; i < count; i++) {
                RawHttpClient.Response response;
                try {
                    response = client.readResponse();
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("answer " + (i + 1) + " of " + count + " did not come within " + ANSWER_WAIT, e);
                }
                String which = "answer " + (i + 1) + " of " + count + ": " + response;
                assertThat(response.status()).as(which).isEqualTo(200);
                // Nobody asked to close: every answer must leave the connection open for the next one.
                assertThat(response.header("connection")).as(which).isNull();
                answers.add(JSON.readTree(response.body()));
            }
        }
        return answers;
    }
}
