package dev.gatehouse.proxy;

import dev.gatehouse.upstream.BackendResponses;
import dev.gatehouse.upstream.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the client's copy of a backend's head: {@link ResponseHeadWriter#write} from a
 * head parsed once, for the two {@link BackendResponses}, with the arguments the proxy passes for
 * an HTTP/1.1 client kept alive and no affinity cookie to set. The small response's 21-byte body
 * gets room after the head (it joins the head's buffer); the large one stays chunked, so its
 * Transfer-Encoding line goes on. Each call takes its buffer from the default allocator, as the
 * gateway's channels do, and releases it. (In this package because the writer is internal to it.)
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseHeadWriteBenchmark {

    // What RequestIds.create() makes: 32 hex digits.
    private static final String REQUEST_ID = "0af7651916cd43dd8448eb211c80319c";

    // The backend's lines less the hop-by-hop ones (Connection, Keep-Alive, the header Connection
    // names) and its own request id, then the gateway's request id.
    private static final String SMALL_WRITTEN = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.27.3\r\n"
            + "Date: Tue, 04 Nov 2025 10:15:42 GMT\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: 21\r\n"
            + "X-Backend: app-3\r\n"
            + "x-request-id: " + REQUEST_ID + "\r\n"
            + "\r\n";
    private static final String LARGE_WRITTEN = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.27.3\r\n"
            + "Date: Tue, 04 Nov 2025 10:15:42 GMT\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "Cache-Control: private, no-cache, no-store, must-revalidate\r\n"
            + "Vary: Accept-Encoding, Cookie\r\n"
            + "Set-Cookie: sid=9f86d081884c7d659a2feaa0c55ad015; Path=/; HttpOnly; Secure; SameSite=Lax\r\n"
            + "Set-Cookie: csrftoken=Xk3vQ9pL2mN8rT5w; Path=/; Secure; SameSite=Strict\r\n"
            + "X-Content-Type-Options: nosniff\r\n"
            + "X-Frame-Options: SAMEORIGIN\r\n"
            + "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
            + "x-request-id: " + REQUEST_ID + "\r\n"
            + "\r\n";

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private ResponseHead smallHead;
    private ResponseHead largeHead;

    @Setup(Level.Trial)
    public void setUp() {
        // Each head spans part of the buffer it was read into, as in the gateway.
        smallHead = BackendResponses.parse(alloc, BackendResponses.SMALL, ResponseHead.Framing.LENGTH,
                BackendResponses.SMALL_BODY);
        largeHead = BackendResponses.parse(alloc, BackendResponses.LARGE, ResponseHead.Framing.CHUNKED,
                BackendResponses.LARGE_BODY);
        // A head written otherwise than the proxy writes it would time another path.
        check(writeSmall(), SMALL_WRITTEN);
        check(writeLarge(), LARGE_WRITTEN);
    }

    private static void check(ByteBuf written, String expected) {
        String actual = written.toString(StandardCharsets.US_ASCII);
        written.release();
        if (!actual.equals(expected)) {
            throw new IllegalStateException("head written as:\n" + actual);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        smallHead.release();
        largeHead.release();
    }

    @Benchmark
    public void small(Blackhole bh) {
        ByteBuf out = writeSmall();
        bh.consume(out);
        out.release();
    }

    @Benchmark
    public void large(Blackhole bh) {
        ByteBuf out = writeLarge();
        bh.consume(out);
        out.release();
    }

    private ByteBuf writeSmall() {
        // A known length, 21 bytes: no transfer coding, and room for the body in the same buffer.
        return ResponseHeadWriter.write(alloc, smallHead, false, false, true, false, REQUEST_ID, null,
                BackendResponses.SMALL_BODY);
    }

    private ByteBuf writeLarge() {
        // Chunked and passed on chunked: the backend's Transfer-Encoding line is kept, none added.
        return ResponseHeadWriter.write(alloc, largeHead, true, false, true, false, REQUEST_ID, null, 0);
    }
}
