package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.YamlGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol upgrades: client → gateway → a backend that switches to {@code websocket} and echoes
 * → bytes flow both ways through a tunnel on a route that allows it; on other routes, for
 * {@code h2c}, for requests with a body, and when the backend does not switch, nothing is
 * tunnelled and every byte after the upgrade request is read as HTTP, strictly.
 */
class UpgradeIntegrationTest {

    private static final String YAML = """
            listeners:
              - name: public
                address: 127.0.0.1:0
                limits: { idle-timeout: 2s, header-timeout: 1s }
            admin:
              address: 127.0.0.1:0
            routes:
              - match: { path-prefix: /ws/ }
                pool: web
                allow-upgrade: [WebSocket]
              - match: { path-prefix: / }
                pool: web
            pools:
              web:
                backends:
                  - { name: A, address: 127.0.0.1:BACKEND_PORT }
            """;

    private static final Duration WAIT = Duration.ofSeconds(20);

    private SwitchingBackend backend;
    private YamlGateway gateway;

    @BeforeEach
    void start() throws Exception {
        backend = new SwitchingBackend();
        gateway = YamlGateway.start(YAML, backend.port());
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        backend.close();
    }

    private static String upgrade(String path, String protocol) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\nUpgrade: " + protocol + "\r\nConnection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    @Test
    void clientUpgradesOnAnAllowedRoute_backendSwitches_megabytesEchoBothWaysThroughTheTunnel() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            // The first tunnel bytes come right behind the head: held until the backend's answer.
            client.send(upgrade("/ws/echo", "websocket") + "early:");

            RawHttpClient.Head head = client.readHead();

            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("upgrade")).isEqualTo("websocket");
            assertThat(head.header("connection")).isEqualToIgnoringCase("upgrade");
            assertThat(head.header("content-length")).isNull();
            assertThat(head.header("transfer-encoding")).isNull();
            String seen = backend.heads.get(0);
            assertThat(header(seen, "upgrade")).isEqualTo("websocket");
            assertThat(header(seen, "connection")).isEqualToIgnoringCase("upgrade");
            assertThat(header(seen, "sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");

            byte[] payload = new byte[8 * 1024 * 1024];
            new Random(42).nextBytes(payload);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                // Written while the echo is read back: both directions under backpressure at once.
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try {
                        client.output().write(payload);
                        client.output().flush();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, writer);
                byte[] early = readExactly(client.input(), "early:".length());
                byte[] echoed = readExactly(client.input(), payload.length);
                sent.get(WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(new String(early, StandardCharsets.ISO_8859_1)).isEqualTo("early:");
                assertThat(echoed).isEqualTo(payload);
            } finally {
                writer.shutdownNow();
            }
        }
        // The client's close reaches the backend.
        await().atMost(WAIT).until(() -> backend.closedByPeer.get() == 1);
    }

    @Test
    void backendClosesTheTunnel_clientGetsWhatWasSentAndThenTheClose() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send(upgrade("/ws/bye", "websocket"));
            assertThat(client.readHead().status()).isEqualTo(101);

            assertThat(new String(readExactly(client.input(), 3), StandardCharsets.ISO_8859_1)).isEqualTo("bye");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void tunnelCarriesNothingForTheIdleTimeout_gatewayClosesBothSides() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send(upgrade("/ws/echo", "websocket"));
            assertThat(client.readHead().status()).isEqualTo(101);
            client.send("ping");
            assertThat(new String(readExactly(client.input(), 4), StandardCharsets.ISO_8859_1)).isEqualTo("ping");

            assertThat(client.closedByServerWithin(WAIT)).isTrue();
        }
        await().atMost(WAIT).until(() -> backend.closedByPeer.get() == 1);
    }

    @Test
    void clientAsksToUpgradeOnARouteWithoutAllowUpgrade_backendSeesNoUpgrade_clientGetsItsOrdinaryAnswer() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            RawHttpClient.Response response = client.exchange(upgrade("/echo", "websocket"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("upgrade")).isNull();
            // The connection is still HTTP.
            assertThat(client.exchange(RawHttpClient.get("/again", "t")).status()).isEqualTo(200);
        }
        assertThat(header(backend.heads.get(0), "upgrade")).isNull();
        assertThat(header(backend.heads.get(0), "connection")).isNull();
        assertThat(backend.heads).hasSize(2);
    }

    @Test
    void clientAsksForH2c_neverTunnelled_backendSeesNeitherUpgradeNorHttp2Settings() throws Exception {
        String request = "GET /ws/echo HTTP/1.1\r\nHost: t\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n";

        RawHttpClient.Response response = gateway.exchange(request);

        assertThat(response.status()).isEqualTo(200);
        String seen = backend.heads.get(0);
        assertThat(header(seen, "upgrade")).isNull();
        assertThat(header(seen, "http2-settings")).isNull();
    }

    @Test
    void clientAsksToUpgradeWithABody_notTunnelled_backendSeesTheRequestWithoutUpgrade() throws Exception {
        String request = "POST /ws/echo HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Content-Length: 5\r\n\r\nhello";

        RawHttpClient.Response response = gateway.exchange(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(header(backend.heads.get(0), "upgrade")).isNull();
    }

    @Test
    void backendSwitchesOnARouteThatDoesNotAllowIt_clientGets502_andNoTunnel() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            RawHttpClient.Response response = client.exchange(upgrade("/rogue", "websocket"));

            assertThat(response.status()).isEqualTo(502);
            // The client connection is still HTTP and usable.
            assertThat(client.exchange(RawHttpClient.get("/after", "t")).status()).isEqualTo(200);
        }
    }

    @Test
    void backendSwitchesToAnotherProtocolThanAsked_clientGets502() throws Exception {
        RawHttpClient.Response response = gateway.exchange(upgrade("/ws/other-protocol", "websocket"));

        assertThat(response.status()).isEqualTo(502);
    }

    @Test
    void backendDeclinesTheUpgrade_bytesAfterTheHeadAreReadAsTheirOwnRequest_throughTheGatewaysChecks() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send(upgrade("/ws/decline", "websocket") + RawHttpClient.get("/ws/next", "t"));

            RawHttpClient.Response declined = client.readResponse();
            RawHttpClient.Response next = client.readResponse();

            assertThat(declined.status()).isEqualTo(200);
            assertThat(declined.header("upgrade")).isNull();
            assertThat(next.status()).isEqualTo(200);
        }
        assertThat(backend.heads).hasSize(2);
        // Forwarded as a request of its own: the gateway parsed it and added its headers.
        assertThat(backend.heads.get(1)).startsWith("GET /ws/next HTTP/1.1");
        assertThat(header(backend.heads.get(1), "via")).isEqualTo("1.1 gatehouse");
    }

    @Test
    void backendDeclinesTheUpgrade_aSmuggledRequestBehindTheHeadIsRefused_neverForwarded() throws Exception {
        String smuggled = "POST /ws/smuggled HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n";
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send(upgrade("/ws/decline", "websocket") + smuggled);

            assertThat(client.readResponse().status()).isEqualTo(200);
            assertThat(client.readResponse().status()).isEqualTo(400);
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(backend.heads).hasSize(1);
        assertThat(backend.received()).doesNotContain("smuggled");
    }

    @Test
    void backendDeclinesTheUpgrade_binaryBytesBehindTheHeadAreRefused_neverForwarded() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send(upgrade("/ws/decline", "websocket") + "\u0082\u0085\u0000\u0001GET /x");

            assertThat(client.readResponse().status()).isEqualTo(200);
            assertThat(client.readResponse().status()).isEqualTo(400);
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(backend.heads).hasSize(1);
    }

    @Test
    void backendDeclinesTheUpgrade_aHeadTrickledBehindItStillHasTheHeaderTimeout() throws Exception {
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send(upgrade("/ws/decline", "websocket") + "GET /ws/never-finished HTTP/1.1\r\n");

            assertThat(client.readResponse().status()).isEqualTo(200);
            // The header timeout (1s), not the longer idle timeout's silent close.
            assertThat(client.readResponse().status()).isEqualTo(408);
        }
        assertThat(backend.heads).hasSize(1);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] out = new byte[length];
        int at = 0;
        while (at < length) {
            int n = in.read(out, at, length - at);
            if (n < 0) {
                throw new IOException("closed after " + at + " of " + length + " bytes");
            }
            at += n;
        }
        return out;
    }

    /**
     * A backend on plain sockets that answers by path: {@code /ws/echo} switches to the protocol
     * asked for (when asked) and echoes, {@code /ws/bye} switches, says "bye" and closes,
     * {@code /rogue} switches whatever was asked, {@code /ws/other-protocol} switches to another
     * protocol; anything else gets 200. It records every request head and every byte it read.
     */
    private static final class SwitchingBackend implements AutoCloseable {

        final List<String> heads = new CopyOnWriteArrayList<>();
        final AtomicInteger closedByPeer = new AtomicInteger();
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ServerSocket server;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        SwitchingBackend() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        synchronized String received() {
            return all.toString(StandardCharsets.ISO_8859_1);
        }

        private synchronized void record(byte[] bytes, int length) {
            all.write(bytes, 0, length);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    threads.execute(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    heads.add(head);
                    skipBody(in, head);
                    String path = head.split(" ", 3)[1];
                    String asked = header(head, "upgrade");
                    if (path.equals("/ws/echo") && asked != null) {
                        switchTo(out, asked);
                        echo(in, out);
                        return;
                    } else if (path.equals("/ws/bye") && asked != null) {
                        switchTo(out, asked);
                        out.write("bye".getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        return;
                    } else if (path.equals("/rogue")) {
                        switchTo(out, "websocket");
                        return;
                    } else if (path.equals("/ws/other-protocol")) {
                        switchTo(out, "irc");
                        return;
                    }
                    byte[] body = ("ok " + path).getBytes(StandardCharsets.ISO_8859_1);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // The gateway went away: nothing more to serve.
            }
        }

        private static void switchTo(OutputStream out, String protocol) throws IOException {
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: " + protocol + "\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private void echo(InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            closedByPeer.incrementAndGet();
        }

        /** One head, byte by byte (so nothing after it is consumed); null at end of stream. */
        private String readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                record(new byte[] {(byte) b}, 1);
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    return head.toString();
                }
            }
            return null;
        }

        private void skipBody(InputStream in, String head) throws IOException {
            String length = header(head, "content-length");
            if (length != null) {
                byte[] body = in.readNBytes(Integer.parseInt(length.trim()));
                record(body, body.length);
            } else if ("chunked".equals(String.valueOf(header(head, "transfer-encoding")).toLowerCase(Locale.ROOT))) {
                throw new IOException("not expected in this test");
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}
