package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayProcess;
import dev.gatehouse.testing.RawHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client streams 1 GiB up or down → gateway (in its own JVM, heap and direct memory capped at
 * 128 MiB) passes it through without buffering → client gets every byte, in order.
 *
 * <p>The gateway runs in a separate process so its memory cap is real; the backend and the
 * client run here. Bytes are checked as they stream, never stored.
 */
class StreamingIntegrationTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final String[] SMALL_JVM = {
        "-Xmx128m", "-XX:MaxDirectMemorySize=128m", "-XX:+ExitOnOutOfMemoryError",
        // As bin/gatehouse runs it: buffer objects are not pooled, so the cap holds for fresh ones too.
        "-Dio.netty.recycler.maxCapacityPerThread=0",
    };

    private static DemoBackend backend;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBackend() throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Test
    void clientUploadsOneGibibyteToEcho_gatewayWith128MiBStreamsItBothWays_clientGetsEveryByteBackInOrder() throws Exception {
        try (GatewayProcess gateway = startGateway("upload");
             RawHttpClient client = new RawHttpClient(gateway.port("public"))) {
            ExecutorService uploader = Executors.newSingleThreadExecutor();
            try {
                assertTimeoutPreemptively(LIMIT, () -> {
                    // The echo answers while the upload is still going: sending and reading run side by side.
                    CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> upload(client), uploader);

                    RawHttpClient.Head head = client.readHead();
                    assertThat(head.status()).isEqualTo(200);
                    assertThat(head.header("x-backend")).isEqualTo("A");
                    PatternCheck check = new PatternCheck();
                    long received = client.readBody(head, false, check);
                    upload.join();

                    assertThat(received).isEqualTo(GIB);
                    assertThat(check.checked).isEqualTo(GIB);
                });
            } finally {
                uploader.shutdownNow();
            }
            assertGatewayHealthy(gateway);
        }
    }

    @Test
    void clientDownloadsOneGibibyte_gatewayWith128MiBStreamsIt_clientGetsEveryByte() throws Exception {
        byte[] filler = backendFillerChunk();
        try (GatewayProcess gateway = startGateway("download");
             RawHttpClient client = new RawHttpClient(gateway.port("public"))) {
            assertTimeoutPreemptively(LIMIT, () -> {
                client.send(RawHttpClient.get("/bytes?n=" + GIB));

                RawHttpClient.Head head = client.readHead();
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.contentLength()).isEqualTo(GIB);
                long[] offset = {0};
                long received = client.readBody(head, false, (buffer, off, len) -> {
                    for (int i = 0; i < len; i++) {
                        long at = offset[0] + i;
                        byte expected = filler[(int) (at % filler.length)];
                        if (buffer[off + i] != expected) {
                            throw new AssertionError("byte " + at + " is " + buffer[off + i] + ", expected " + expected);
                        }
                    }
                    offset[0] += len;
                });

                assertThat(received).isEqualTo(GIB);
            });
            assertGatewayHealthy(gateway);
        }
    }

    /** The gateway survived, and said nothing about running out of memory or leaking buffers. */
    private static void assertGatewayHealthy(GatewayProcess gateway) throws IOException {
        assertThat(gateway.isAlive()).as("gateway process alive; its output:\n" + gateway.output()).isTrue();
        assertThat(gateway.output()).doesNotContain("OutOfMemoryError", "LEAK:");
    }

    private static GatewayProcess startGateway(String name) throws IOException {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                    limits:
                      max-body-size: 0
                admin:
                  address: 127.0.0.1:0
                routes:
                  - match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    strategy: round-robin
                    backends:
                      - { name: A, address: 127.0.0.1:%d }
                """.formatted(backend.port()));
        Path workDir = Files.createDirectories(dir.resolve(name));
        return GatewayProcess.start(config, workDir, SMALL_JVM);
    }

    /** The backend's {@code /bytes} body is one filler chunk repeated: fetch one chunk directly to know it. */
    private static byte[] backendFillerChunk() throws IOException {
        try (RawHttpClient direct = new RawHttpClient(backend.port())) {
            RawHttpClient.Response response = direct.exchange(RawHttpClient.get("/bytes?n=32768"));
            assertThat(response.status()).isEqualTo(200);
            return response.body();
        }
    }

    private static void upload(RawHttpClient client) {
        try {
            OutputStream out = client.output();
            out.write(("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + GIB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[64 * 1024];
            for (long sent = 0; sent < GIB; sent += block.length) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = PatternCheck.at(sent + i);
                }
                out.write(block);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deterministic, non-repeating-per-block byte pattern, checked as bytes arrive. */
    private static final class PatternCheck implements RawHttpClient.BodySink {
        long checked;

        static byte at(long i) {
            // 251 is prime, so the pattern never lines up with a power-of-two buffer; the high part
            // changes every MiB, so a block repeated or dropped a whole period away is still caught.
            return (byte) ((i % 251) ^ (i >>> 20));
        }

        @Override
        public void accept(byte[] buffer, int offset, int length) {
            for (int i = 0; i < length; i++) {
                byte expected = at(checked + i);
                if (buffer[offset + i] != expected) {
                    throw new AssertionError("byte " + (checked + i) + " is " + buffer[offset + i] + ", expected " + expected);
                }
            }
            checked += length;
        }
    }
}
