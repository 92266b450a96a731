package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.YamlGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * min-body-rate: clients trickling a request body slower than the minimum rate get 408 and are
 * closed, while other clients are served; a fast upload, and one the gateway itself holds back
 * because its backend reads slowly, are not affected.
 */
class MinBodyRateIntegrationTest {

    private static final String YAML = """
            listeners:
              - name: public
                address: 127.0.0.1:0
                limits: { min-body-rate: 1KiB/s, min-body-rate-window: 1s, body-timeout: 30s, max-body-size: 64MiB }
            admin:
              address: 127.0.0.1:0
            routes:
              - match: { path-prefix: /slow-reader/ }
                pool: slow-reader
              - match: { path-prefix: / }
                pool: web
            pools:
              web:
                backends:
                  - { name: A, address: 127.0.0.1:BACKEND_PORT }
              slow-reader:
                backends:
                  - { name: S, address: 127.0.0.1:SLOW_READER_PORT }
            """;

    private DemoBackend backend;
    private SlowReader slowReader;
    private YamlGateway gateway;
    private final ExecutorService tricklers = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
        slowReader = new SlowReader();
        gateway = YamlGateway.start(YAML.replace("SLOW_READER_PORT", Integer.toString(slowReader.port())),
                backend.port());
    }

    @AfterEach
    void stop() throws IOException {
        tricklers.shutdownNow();
        gateway.close();
        slowReader.close();
        backend.close();
    }

    @Test
    void clientsTrickleTheirBodiesBelowTheMinimumRate_eachGets408AndIsClosed_whileAnotherIsServed() throws Exception {
        List<RawHttpClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawHttpClient client = new RawHttpClient(gateway.port());
                client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n");
                slow.add(client);
                // About 50 bytes a second, each piece well within the body timeout: only the rate is low.
                tricklers.execute(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            client.send("0123456789");
                            Thread.sleep(200);
                        }
                    } catch (IOException | InterruptedException e) {
                        // Closed by the gateway (or the test is over).
                    }
                });
            }
            try (RawHttpClient other = new RawHttpClient(gateway.port())) {
                assertThat(other.exchange("GET / HTTP/1.1\r\nHost: t\r\n\r\n").status()).isEqualTo(200);
            }
            for (RawHttpClient client : slow) {
                RawHttpClient.Response response = client.readResponse();

                assertThat(response.status()).isEqualTo(408);
                assertThat(client.closedByServer()).isTrue();
            }
        } finally {
            for (RawHttpClient client : slow) {
                client.close();
            }
        }
    }

    @Test
    void clientUploadsFast_requestIsServedWhole() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024];
        Arrays.fill(body, (byte) 'f');
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n");
            client.send(body);

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).hasSize(body.length);
        }
    }

    @Test
    void backendReadsTheBodyLate_theGatewaysOwnPauseIsNotCountedAgainstTheClient_requestIsServed() throws Exception {
        // Far more than the socket buffers hold: the gateway stops reading from the client while
        // the backend does not read, for several rate windows.
        byte[] body = new byte[32 * 1024 * 1024];
        Arrays.fill(body, (byte) 'p');
        try (RawHttpClient client = new RawHttpClient(gateway.port())) {
            client.send("POST /slow-reader/x HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n");
            client.send(body);

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo(Integer.toString(body.length));
        }
    }

    /** A backend that reads a request's head, waits a few seconds, then reads its body and answers its length. */
    private static final class SlowReader implements AutoCloseable {

        private final ServerSocket server;
        private final Thread thread;

        SlowReader() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "slow-reader");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head.append((char) b);
                    }
                    long length = 0;
                    for (String line : head.toString().split("\r\n")) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Long.parseLong(line.substring(15).trim());
                        }
                    }
                    Thread.sleep(3000);
                    long read = 0;
                    byte[] buffer = new byte[64 * 1024];
                    while (read < length) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - read));
                        if (n < 0) {
                            break;
                        }
                        read += n;
                    }
                    byte[] answer = Long.toString(read).getBytes(StandardCharsets.ISO_8859_1);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + answer.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(answer);
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
