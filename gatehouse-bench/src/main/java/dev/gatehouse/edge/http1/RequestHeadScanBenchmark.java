package dev.gatehouse.edge.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of header validation: {@link RequestHeadScanner#scan} over whole request heads, the
 * grammar check every byte of a client's head goes through before the decoder. (In this package
 * because the scanner is internal to the edge.)
 *
 * <p>Heads: a minimal one as a load generator sends it, a browser's navigation (about 780 bytes,
 * 15 fields) and an API call with a body's framing ({@code Content-Length}, bodyless here: the
 * scanner skips a body in bulk, so its cost is the head's).
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestHeadScanBenchmark {

    private static final String MINIMAL = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8090\r\n\r\n";
    private static final String BROWSER = "GET /products/shoes/running?size=42&colour=blue&sort=price HTTP/1.1\r\n"
            + "Host: shop.example.com\r\n"
            + "Connection: keep-alive\r\n"
            + "sec-ch-ua: \"Chromium\";v=\"130\", \"Google Chrome\";v=\"130\", \"Not?A_Brand\";v=\"99\"\r\n"
            + "sec-ch-ua-mobile: ?0\r\n"
            + "sec-ch-ua-platform: \"Linux\"\r\n"
            + "Upgrade-Insecure-Requests: 1\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n"
            + "Sec-Fetch-Site: same-origin\r\n"
            + "Sec-Fetch-Mode: navigate\r\n"
            + "Sec-Fetch-Dest: document\r\n"
            + "Referer: https://shop.example.com/products/shoes\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Accept-Language: en-GB,en;q=0.9,fr;q=0.8\r\n"
            + "Cookie: session=9f86d081884c7d659a2feaa0c55ad015; GH_AFFINITY_shop=Ab3dE5fG7h\r\n\r\n";
    private static final String API = "POST /api/v1/orders HTTP/1.1\r\n"
            + "Host: api.example.com\r\n"
            + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl\r\n"
            + "Content-Type: application/json\r\n"
            + "X-Request-Id: 2c6f3a9e-1b7d-4e2a-9f0c-5d8e7a6b4c3d\r\n"
            + "Content-Length: 0\r\n\r\n";

    private RequestHeadScanner scanner;
    private ByteBuf minimal;
    private ByteBuf browser;
    private ByteBuf api;

    @Setup(Level.Trial)
    public void setUp() {
        scanner = new RequestHeadScanner(100);
        minimal = direct(MINIMAL);
        browser = direct(BROWSER);
        api = direct(API);
        for (ByteBuf head : new ByteBuf[] {minimal, browser, api}) {
            // A refused head would leave the scanner refusing everything at no cost: measure nothing.
            if (scanner.scan(head) != RequestHeadScanner.Verdict.OK) {
                throw new IllegalStateException("the benchmark's head is not valid: " + head.toString(StandardCharsets.US_ASCII));
            }
        }
    }

    private static ByteBuf direct(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        minimal.release();
        browser.release();
        api.release();
    }

    // Each head is a whole request without a body, so the scanner is back at the start of the
    // next request afterwards, as on a kept-alive connection; scan() leaves the indices alone.

    @Benchmark
    public RequestHeadScanner.Verdict minimalHead() {
        return scanner.scan(minimal);
    }

    @Benchmark
    public RequestHeadScanner.Verdict browserHead() {
        return scanner.scan(browser);
    }

    @Benchmark
    public RequestHeadScanner.Verdict apiHead() {
        return scanner.scan(api);
    }
}
