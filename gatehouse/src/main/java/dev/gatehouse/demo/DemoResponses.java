package dev.gatehouse.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the demo backend's responses: their heads, with identity and keep-alive headers, and their JSON bodies. */
final class DemoResponses {

    /** The size of one generated body chunk for {@code /bytes}. */
    static final int FILLER_CHUNK = 32 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * One read-only chunk of printable filler, shared by every connection and never released:
     * each write takes an independent slice of it, so nothing is copied until the transport
     * does, and a generated body costs no allocation per chunk.
     */
    private static final ByteBuf FILLER = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(fillerBytes()).asReadOnly());

    private DemoResponses() {
    }

    /** A response head (no body yet) naming the backend and carrying the client's keep-alive choice. */
    static HttpResponse head(HttpRequest request, HttpResponseStatus status, String backend) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        decorate(request, response, backend);
        return response;
    }

    /**
     * A complete JSON response. The body is left out where HTTP forbids one (HEAD, 204, 304);
     * {@code Content-Length} then still tells what a GET would have received (except for 204).
     */
    static FullHttpResponse json(ByteBufAllocator alloc, HttpRequest request, HttpResponseStatus status,
                                 String backend, Map<String, Object> body) {
        byte[] bytes = toJson(body);
        boolean noBody = !bodyAllowed(request, status);
        ByteBuf content = noBody ? Unpooled.EMPTY_BUFFER : alloc.buffer(bytes.length).writeBytes(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        decorate(request, response, backend);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (status.code() != HttpResponseStatus.NO_CONTENT.code()) {
            HttpUtil.setContentLength(response, bytes.length);
        }
        return response;
    }

    /**
     * The head of an {@code /echo} answer: the request's Content-Type, and chunked framing, or the
     * request's own length for HTTP/1.0 clients (which cannot read chunks).
     */
    static HttpResponse echoHead(HttpRequest request, String backend) {
        HttpResponse head = head(request, HttpResponseStatus.OK, backend);
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null) {
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        if (!request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            HttpUtil.setTransferEncodingChunked(head, true);
        } else if (HttpUtil.isContentLengthSet(request)) {
            HttpUtil.setContentLength(head, HttpUtil.getContentLength(request));
        } else {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE); // the body ends with the connection
        }
        return head;
    }

    /** The head of a {@code /bytes} answer of {@code length} bytes. */
    static HttpResponse bytesHead(HttpRequest request, String backend, long length) {
        HttpResponse head = head(request, HttpResponseStatus.OK, backend);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        HttpUtil.setContentLength(head, length);
        return head;
    }

    /** The answer to a request that could not be framed: 400, then the connection closes. */
    static FullHttpResponse badFraming(ByteBufAllocator alloc, String backend) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backend", backend);
        body.put("error", "the request could not be parsed as HTTP/1.1");
        byte[] bytes = toJson(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                alloc.buffer(bytes.length).writeBytes(bytes));
        response.headers()
                .set("X-Backend", backend)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setContentLength(response, bytes.length);
        return response;
    }

    /** Whether a response to {@code request} with {@code status} may carry a body. */
    static boolean bodyAllowed(HttpRequest request, HttpResponseStatus status) {
        return !HttpMethod.HEAD.equals(request.method())
                && status.code() != HttpResponseStatus.NO_CONTENT.code()
                && status.code() != HttpResponseStatus.NOT_MODIFIED.code();
    }

    /** The usual answer: the backend's name, the request's method, path (with query) and headers. */
    static Map<String, Object> describe(String backend, HttpRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backend", backend);
        body.put("method", request.method().name());
        body.put("path", request.uri());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            // Repeated headers are joined the way RFC 9110 §5.3 allows a recipient to combine them.
            headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
        }
        body.put("headers", headers);
        return body;
    }

    /** The {@code /health} answer. */
    static Map<String, Object> health(String backend) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("backend", backend);
        return body;
    }

    /** {@code length} bytes of filler ({@code length <= FILLER_CHUNK}); releasing it is harmless and unneeded. */
    static ByteBuf filler(int length) {
        return FILLER.slice(0, length);
    }

    /** Sets {@code X-Backend} and makes the {@code Connection} header follow the request's keep-alive rules. */
    private static void decorate(HttpRequest request, HttpResponse response, String backend) {
        HttpHeaders headers = response.headers();
        headers.set("X-Backend", backend);
        if (!HttpUtil.isKeepAlive(request)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            // An HTTP/1.0 client keeps the connection only when the response says so explicitly.
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private static byte[] toJson(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Maps of strings always serialise; this would be a bug, not a client's fault.
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] fillerBytes() {
        byte[] line = "gatehouse demo filler 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[FILLER_CHUNK];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = line[i % line.length];
        }
        return bytes;
    }
}
