package dev.gatehouse.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.config.load.ConfigLoader;
import dev.gatehouse.testing.PrintableBytes;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded random-mutation fuzzing of the request head path over real sockets: client sends a
 * mutated HTTP/1.1 request (flipped bytes, stray CR/LF/NUL/SP, duplicated headers, huge numbers)
 * → gateway answers only well-formed responses with an expected status, or closes cleanly, and
 * never hangs → and still serves a valid request afterwards.
 *
 * <p>Bounded by time ({@code -Dfuzz.seconds}, default 20); {@code -Dfuzz.seed} replays a run, and
 * a failure names the seed of the one input that failed. (Jazzer's JUnit integration resolves
 * from Maven Central, but without {@code JAZZER_FUZZ=1} and its native agent it only replays a
 * corpus; this test fuzzes in every plain {@code mvn test}.)
 */
class RequestHeadFuzzTest {

    private static final Set<Integer> EXPECTED = Set.of(200, 400, 404, 405, 408, 413, 414, 431, 501, 502, 503, 505);
    private static final int READ_TIMEOUT_MILLIS = 5_000;
    private static final String[] SEEDS = {
        "GET / HTTP/1.1\r\nHost: test\r\n\r\n",
        "GET /a/b?c=d&e HTTP/1.1\r\nHost: test:8080\r\nUser-Agent: fuzz\r\nAccept: */*\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
        "POST /chunked HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n",
        "GET http://test/absolute HTTP/1.1\r\nHost: test\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n",
        "GET /old HTTP/1.0\r\n\r\n",
        "HEAD /h HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\nGET /second HTTP/1.1\r\nHost: test\r\n\r\n",
        "PUT /e HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
    };

    private static RecordingBackend backend;
    private static Gatehouse gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.start();
        gateway = Gatehouse.start(ConfigLoader.parse("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                    limits: { max-request-line: 2KiB, max-header-size: 4KiB, max-body-size: 64KiB, header-timeout: 1s }
                admin:
                  address: 127.0.0.1:0
                routes:
                  - match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:%d }
                """.formatted(backend.port()), "fuzz.yaml"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @Test
    void mutatedRequestsGetWellFormedAnswersOrACleanCloseAndNeverAHang() throws Exception {
        long seed = Long.getLong("fuzz.seed", 0x6a7e_40_05eL);
        long budget = Long.getLong("fuzz.seconds", 20) * 1_000_000_000L;
        int port = gateway.listenerPort("public");
        long start = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < budget) {
            long inputSeed = seed + runs;
            Random random = new Random(inputSeed);
            byte[] input = Mutator.mutate(SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1),
                    random);
            String problem = exchange(port, input);
            if (problem != null) {
                fail("seed " + inputSeed + " (replay: -Dfuzz.seed=" + inputSeed + "): " + problem + "\ninput: "
                        + PrintableBytes.of(input));
            }
            runs++;
            if (runs % 200 == 0) {
                assertStillServes(port, inputSeed);
            }
        }
        assertStillServes(port, seed + runs);
        System.out.println("RequestHeadFuzzTest: " + runs + " inputs from seed " + seed);
        assertThat(runs).isPositive();
    }

    private static void assertStillServes(int port, long lastSeed) throws IOException {
        try (RawHttpClient c = new RawHttpClient(port)) {
            assertThat(c.exchange(RawHttpClient.get("/still-serving")).status())
                    .as("a valid request after the input of seed %d", lastSeed).isEqualTo(200);
        }
    }

    /** Sends {@code input}, half-closes, reads to the end; null when all is well, else what was wrong. */
    private static String exchange(int port, byte[] input) throws IOException {
        byte[] answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            try {
                socket.getOutputStream().write(input);
                socket.shutdownOutput();
            } catch (SocketException e) {
                // The gateway may refuse and close before it read everything we had to say.
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) != -1; ) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return "no answer and no close within " + READ_TIMEOUT_MILLIS + "ms (got: "
                        + PrintableBytes.of(out.toByteArray()) + ")";
            } catch (SocketException e) {
                // A reset after the answer: the gateway closed with our bytes unread.
            }
            answer = out.toByteArray();
        }
        return check(answer);
    }

    /** Whether {@code bytes} are zero or more whole HTTP/1.x responses with expected statuses. */
    static String check(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int headEnd = text.indexOf("\r\n\r\n", at);
            if (headEnd < 0) {
                return "a response head without its end: " + PrintableBytes.of(bytes);
            }
            String[] lines = text.substring(at, headEnd).split("\r\n");
            String[] status = lines[0].split(" ", 3);
            if (status.length < 2 || !status[0].matches("HTTP/1\\.[01]") || !status[1].matches("\\d{3}")) {
                return "not a status line: " + lines[0];
            }
            int code = Integer.parseInt(status[1]);
            long length = -1;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    return "not a header line: " + lines[i];
                }
                String name = lines[i].substring(0, colon).toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                }
            }
            at = headEnd + 4;
            if (code == 100) {
                continue;
            }
            if (!EXPECTED.contains(code)) {
                return "unexpected status " + code + " in " + PrintableBytes.of(bytes);
            }
            if (chunked) {
                int end = text.indexOf("0\r\n\r\n", at);
                if (end < 0) {
                    return "an unfinished chunked body";
                }
                at = end + 5;
            } else if (length >= 0) {
                // A response to HEAD has a length but no body: the next response follows at once.
                if (!text.startsWith("HTTP/1.", at)) {
                    at = (int) Math.min(text.length(), at + length);
                }
            } else if (code != 204 && code != 304) {
                at = text.length(); // close-delimited
            }
        }
        return null;
    }
}
