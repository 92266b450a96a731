package dev.gatehouse.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a request head for a backend: {@link UpstreamRequestWriter#head} for a browser-like
 * GET as {@link MessageRewriter} leaves it (12 header lines, 569 bytes), against a baseline that
 * writes the same strings straight into the buffer ({@code ByteBuf.writeCharSequence}, what the
 * writer did before heads were assembled in an array). Each call takes its buffer from the default
 * allocator, as the gateway's channels do, and releases it. (In this package because the writer
 * is internal to it.)
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestHeadWriteBenchmark {

    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int COLON_SP = (':' << 8) | ' ';

    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private HttpRequest request;
    private int size;

    @Setup(Level.Trial)
    public void setUp() {
        HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
        h.add("Host", "shop.example.com");
        h.add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
        h.add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        h.add("Accept-Language", "en-US,en;q=0.5");
        h.add("Accept-Encoding", "gzip, deflate, br, zstd");
        h.add("Referer", "https://shop.example.com/catalog?page=2");
        h.add("Cookie", "sid=9f86d081884c7d659a2feaa0c55ad015; theme=dark");
        h.add("X-Forwarded-For", "203.0.113.7");
        h.add("X-Forwarded-Proto", "http");
        h.add("X-Forwarded-Host", "shop.example.com");
        h.add("Via", "1.1 gatehouse");
        h.add("X-Request-Id", "0af7651916cd43dd8448eb211c80319c");
        request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/catalog/item/4711?color=blue", h);
        ByteBuf written = UpstreamRequestWriter.head(alloc, request);
        ByteBuf baseline = byteAtATime();
        try {
            // Both variants must write the very same bytes, or they time different work.
            if (!written.equals(baseline)) {
                throw new IllegalStateException("baseline differs:\n" + baseline.toString(StandardCharsets.ISO_8859_1)
                        + "\nfrom:\n" + written.toString(StandardCharsets.ISO_8859_1));
            }
            size = written.readableBytes();
        } finally {
            written.release();
            baseline.release();
        }
    }

    @Benchmark
    public int assembledInAnArray() {
        ByteBuf out = UpstreamRequestWriter.head(alloc, request);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int byteAtATimeIntoTheBuffer() {
        ByteBuf out = byteAtATime();
        int n = out.readableBytes();
        out.release();
        return n;
    }

    private ByteBuf byteAtATime() {
        ByteBuf out = alloc.buffer(size > 0 ? size : 512);
        out.writeCharSequence(request.method().name(), StandardCharsets.ISO_8859_1);
        out.writeByte(' ');
        out.writeCharSequence(request.uri(), StandardCharsets.ISO_8859_1);
        out.writeCharSequence(" HTTP/1.1\r\n", StandardCharsets.ISO_8859_1);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            out.writeCharSequence(field.getKey(), StandardCharsets.ISO_8859_1);
            out.writeShort(COLON_SP);
            out.writeCharSequence(field.getValue(), StandardCharsets.ISO_8859_1);
            out.writeShort(CRLF);
        }
        out.writeShort(CRLF);
        return out;
    }
}
