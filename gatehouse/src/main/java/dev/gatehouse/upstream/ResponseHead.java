package dev.gatehouse.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A backend's response head as it arrived: the status, how its body is framed, and its header
 * lines as spans of the received bytes, each marked with what it means to a proxy. The gateway
 * forwards the head by copying the lines it keeps ({@code ResponseHeadWriter}) instead of
 * decoding it into header objects and encoding it again.
 *
 * <p>Holds the received bytes ({@link #content()}): whoever receives it must release it.
 */
public final class ResponseHead extends DefaultByteBufHolder {

    /** How the body after this head ends. */
    public enum Framing {
        /** No body: an interim or 204/304 status, or the answer to HEAD. */
        NONE,
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** Chunked transfer coding, the last chunk ends it. */
        CHUNKED,
        /** The end of the connection ends it. */
        UNTIL_CLOSE
    }

    /** A header line the gateway forwards as it is. */
    public static final byte KEPT = 0;
    /** A line about this one connection (RFC 9110 §7.6.1), or one its Connection header names. */
    public static final byte HOP_BY_HOP = 1;
    /** A {@code Transfer-Encoding} line: forwarded only while the body stays chunked. */
    public static final byte TRANSFER_ENCODING = 2;
    /** The backend's {@code X-Request-Id}: the gateway sends its own. */
    public static final byte REQUEST_ID = 3;

    private final ByteBuf bytes;
    private final int status;
    private final int minorVersion;
    private final int statusLineEnd;
    private final int[] lineStarts;
    private final byte[] kinds;
    private final int lineCount;
    private final Framing framing;
    private final long contentLength;
    private final boolean chunked;
    private final boolean keepAlive;

    /**
     * @param bytes         the head, from the status line to the blank line after the last
     *                      header line (owned from now on)
     * @param statusLineEnd offset in {@code bytes} just after the status line's CRLF
     * @param lineStarts    offsets where each header line starts; entry {@code lineCount} is
     *                      where the blank line starts
     * @param kinds         what each header line is ({@link #KEPT} ...)
     */
    ResponseHead(ByteBuf bytes, int status, int minorVersion, int statusLineEnd, int[] lineStarts, byte[] kinds,
            int lineCount, Framing framing, long contentLength, boolean chunked, boolean keepAlive) {
        super(bytes);
        this.bytes = bytes;
        this.status = status;
        this.minorVersion = minorVersion;
        this.statusLineEnd = statusLineEnd;
        this.lineStarts = lineStarts;
        this.kinds = kinds;
        this.lineCount = lineCount;
        this.framing = framing;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.keepAlive = keepAlive;
    }

    public int status() {
        return status;
    }

    public Framing framing() {
        return framing;
    }

    /** The body's length when {@link #framing()} is {@link Framing#LENGTH}, else -1. */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the backend declared chunked transfer coding (also on a bodyless answer). */
    public boolean chunked() {
        return chunked;
    }

    /** Whether the backend keeps the connection open after this response (by version and Connection). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** The received bytes: status line, header lines and the blank line. */
    public ByteBuf bytes() {
        return bytes;
    }

    /**
     * Where the status code starts in {@link #bytes()} (after {@code HTTP/1.x }): the code and
     * reason phrase are forwarded from there, under the gateway's own version.
     */
    public int statusCodeOffset() {
        return 9;
    }

    /** Offset just after the status line's CRLF. */
    public int statusLineEnd() {
        return statusLineEnd;
    }

    public int lineCount() {
        return lineCount;
    }

    /** Offset of header line {@code i}; {@code lineStart(lineCount())} is where the blank line starts. */
    public int lineStart(int i) {
        return lineStarts[i];
    }

    /** What header line {@code i} is: {@link #KEPT}, {@link #HOP_BY_HOP}, ... */
    public byte kind(int i) {
        return kinds[i];
    }

    /**
     * The head as a Netty message with every header line, for the rare paths that inspect
     * headers by name (a protocol switch). The returned message does not hold these bytes.
     */
    public HttpResponse toHttpResponse() {
        HttpResponse response = new DefaultHttpResponse(minorVersion == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), DefaultHttpHeadersFactory.headersFactory().withValidation(false));
        for (int i = 0; i < lineCount; i++) {
            int start = lineStarts[i];
            int end = lineStarts[i + 1] - 2;
            int colon = bytes.indexOf(bytes.readerIndex() + start, bytes.readerIndex() + end, (byte) ':')
                    - bytes.readerIndex();
            String name = bytes.toString(bytes.readerIndex() + start, colon - start, StandardCharsets.ISO_8859_1);
            String value = bytes.toString(bytes.readerIndex() + colon + 1, end - colon - 1,
                    StandardCharsets.ISO_8859_1).strip();
            response.headers().add(name, value);
        }
        return response;
    }
}
