package dev.gatehouse.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/**
 * Backend responses for the response benchmarks, and a checked parse of them: a benchmark fed a
 * response the parser refuses, or frames otherwise than intended, would measure the wrong path.
 * (In this package because the parser is internal to it.)
 */
public final class BackendResponses {

    /** What NGINX sends for a small JSON answer: six header lines and a 21-byte body. */
    public static final String SMALL = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.27.3\r\n"
            + "Date: Tue, 04 Nov 2025 10:15:42 GMT\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: 21\r\n"
            + "Connection: keep-alive\r\n"
            + "X-Backend: app-3\r\n"
            + "\r\n"
            + "{\"status\":\"ok\",\"n\":1}";
    public static final int SMALL_BODY = 21;

    /**
     * An application page: 15 header lines (cookies, caching and security headers, the backend's
     * own request id, a Connection line naming another header, Keep-Alive), chunked in two
     * chunks.
     */
    public static final String LARGE = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.27.3\r\n"
            + "Date: Tue, 04 Nov 2025 10:15:42 GMT\r\n"
            + "Content-Type: text/html; charset=utf-8\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "Connection: keep-alive, X-Upstream-Trace\r\n"
            + "Keep-Alive: timeout=60\r\n"
            + "X-Upstream-Trace: app-3;t=0.004;db=2\r\n"
            + "Cache-Control: private, no-cache, no-store, must-revalidate\r\n"
            + "Vary: Accept-Encoding, Cookie\r\n"
            + "Set-Cookie: sid=9f86d081884c7d659a2feaa0c55ad015; Path=/; HttpOnly; Secure; SameSite=Lax\r\n"
            + "Set-Cookie: csrftoken=Xk3vQ9pL2mN8rT5w; Path=/; Secure; SameSite=Strict\r\n"
            + "X-Request-Id: 5d41402abc4b2a76b9719d911017c592\r\n"
            + "X-Content-Type-Options: nosniff\r\n"
            + "X-Frame-Options: SAMEORIGIN\r\n"
            + "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
            + "\r\n"
            + "400\r\n" + "a".repeat(0x400) + "\r\n"
            + "12c\r\n" + "b".repeat(0x12c) + "\r\n"
            + "0\r\n"
            + "\r\n";
    public static final int LARGE_BODY = 0x400 + 0x12c;

    private BackendResponses() {
    }

    /** The response in a direct buffer from {@code alloc}, as a socket read delivers it. */
    public static ByteBuf direct(ByteBufAllocator alloc, String response) {
        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
        return alloc.directBuffer(bytes.length).writeBytes(bytes);
    }

    /**
     * Parses {@code response} once, read into a buffer from {@code alloc} as the gateway reads it,
     * and checks that it is one whole response with this framing and body length, leaving the
     * connection reusable.
     *
     * @return its head, which the caller releases
     */
    public static ResponseHead parse(ByteBufAllocator alloc, String response, ResponseHead.Framing framing,
            long bodyBytes) {
        ResponseParser parser = new ResponseParser();
        EmbeddedChannel channel = new EmbeddedChannel(parser);
        parser.expectResponseTo(false);
        // Throws what the parser reported, if anything.
        channel.writeInbound(direct(alloc, response));
        Object first = channel.readInbound();
        if (!(first instanceof ResponseHead head)) {
            throw new IllegalStateException("no head parsed, got " + first);
        }
        long body = 0;
        Object msg;
        while ((msg = channel.readInbound()) instanceof ByteBuf slice) {
            body += slice.readableBytes();
            slice.release();
        }
        boolean ok = head.status() == 200 && head.framing() == framing && head.keepAlive() && body == bodyBytes
                && msg == ResponseParser.END && channel.readInbound() == null && channel.isActive();
        channel.finishAndReleaseAll();
        if (!ok) {
            head.release();
            throw new IllegalStateException("response not parsed as expected: " + head.framing() + ", "
                    + body + " body bytes, then " + msg);
        }
        return head;
    }
}
