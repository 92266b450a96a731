package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.StrategyType;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients bound to different loopback source addresses (127.0.0.2, 127.0.0.3, …) → gateway with
 * {@code ip-hash} over four demo backends → each client always reaches the same backend, whatever
 * its source port → the clients together reach more than one backend.
 */
class IpHashIntegrationTest {

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

    private GatewayFixture startGateway() throws Exception {
        gateway = GatewayFixture.builder()
                .pool("web", pool -> {
                    pool.strategy(StrategyType.IP_HASH);
                    backends.forEach(b -> pool.backend(b.name(), b.port()));
                })
                .start();
        return gateway;
    }

    @Test
    void sixteenClientsFromDifferentSourceAddresses_gatewayHashesEachAddress_eachClientSeesOneBackendAndTheySpread()
            throws Exception {
        startGateway();
        Map<String, Set<String>> backendsBySource = new LinkedHashMap<>();

        for (int round = 0; round < 10; round++) {
            for (int host = 2; host < 18; host++) {
                String source = "127.0.0." + host;
                // A new connection (and source port) every time: only the address may count.
                backendsBySource.computeIfAbsent(source, s -> new HashSet<>()).add(getFrom(source, "/ip/" + round));
            }
        }

        assertThat(backendsBySource.values()).allSatisfy(seen -> assertThat(seen).hasSize(1));
        Set<String> reached = new HashSet<>();
        backendsBySource.values().forEach(reached::addAll);
        assertThat(reached).hasSizeGreaterThan(1);
    }

    @Test
    void twoGatewaysWithTheSameBackends_eachHashesTheSourceAddresses_clientSeesTheSameBackendFromEither() throws Exception {
        Map<String, String> first = new LinkedHashMap<>();
        startGateway();
        for (int host = 2; host < 18; host++) {
            first.put("127.0.0." + host, getFrom("127.0.0." + host, "/one"));
        }
        gateway.close();

        // A second gateway (a replica, or this one restarted) places every address the same way.
        Map<String, String> second = new LinkedHashMap<>();
        startGateway();
        for (int host = 2; host < 18; host++) {
            second.put("127.0.0." + host, getFrom("127.0.0." + host, "/two"));
        }

        assertThat(second).isEqualTo(first);
    }

    /**
     * One {@code GET path} from a socket bound to {@code sourceIp}, on a connection of its own
     * ({@code Connection: close}, read to the end); the backend that answered.
     */
    private String getFrom(String sourceIp, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(sourceIp, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            socket.setSoTimeout((int) RawHttpClient.READ_TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
            assertThat(head).as("response to " + sourceIp).startsWith("HTTP/1.1 200 ");
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("X-Backend")) {
                    return line.substring(colon + 1).trim();
                }
            }
            throw new AssertionError("no X-Backend in the response to " + sourceIp + ": " + head);
        }
    }
}
