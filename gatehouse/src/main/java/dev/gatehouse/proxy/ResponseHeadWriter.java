package dev.gatehouse.proxy;

import dev.gatehouse.http.HeadBytes;
import dev.gatehouse.upstream.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes a backend's response head for the client as bytes: the received status and header
 * lines copied as they are, less the hop-by-hop ones (RFC 9110 §7.6.1) and the backend's request
 * id, then the gateway's own framing, connection and request-id lines. No header objects are
 * made: the kept lines go over in as few copies as there are runs of them.
 */
final class ResponseHeadWriter {

    private static final byte[] HTTP_1_1 = ascii("HTTP/1.1 ");
    private static final byte[] TRANSFER_ENCODING_CHUNKED = ascii("transfer-encoding: chunked\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");
    private static final byte[] REQUEST_ID = ascii("x-request-id: ");
    private static final byte[] SET_COOKIE = ascii("set-cookie: ");
    private static final int CRLF = ('\r' << 8) | '\n';
    // Room for the lines the gateway adds besides the request id and cookie.
    private static final int ADDED = 96;

    private ResponseHeadWriter() {
    }

    /**
     * @param keepTransferEncoding whether the backend's Transfer-Encoding lines go on (the body
     *                             stays chunked towards the client)
     * @param addChunked           whether to declare chunked coding the backend did not (a body
     *                             it ends by closing, which the gateway chunks instead)
     * @param keepAlive            whether the client connection stays open after this response
     * @param clientHttp10         whether the client spoke HTTP/1.0 (keep-alive is then explicit)
     * @param affinityCookie       a {@code Set-Cookie} value pinning the client, or null
     * @param room                 bytes to leave free after the head (for a small body to follow in the same buffer)
     */
    static ByteBuf write(ByteBufAllocator alloc, ResponseHead head, boolean keepTransferEncoding, boolean addChunked,
            boolean keepAlive, boolean clientHttp10, String requestId, String affinityCookie, int room) {
        ByteBuf src = head.bytes();
        int base = src.readerIndex();
        int lines = head.lineCount();
        int size = head.lineStart(lines) + ADDED + requestId.length()
                + (affinityCookie == null ? 0 : SET_COOKIE.length + affinityCookie.length() + 2) + room;
        ByteBuf out = alloc.buffer(size);
        out.writeBytes(HTTP_1_1);
        int code = head.statusCodeOffset();
        out.writeBytes(src, base + code, head.statusLineEnd() - code);
        int run = -1;
        for (int i = 0; i < lines; i++) {
            byte kind = head.kind(i);
            boolean kept = kind == ResponseHead.KEPT || (kind == ResponseHead.TRANSFER_ENCODING && keepTransferEncoding);
            if (kept) {
                if (run < 0) {
                    run = head.lineStart(i);
                }
            } else if (run >= 0) {
                out.writeBytes(src, base + run, head.lineStart(i) - run);
                run = -1;
            }
        }
        if (run >= 0) {
            out.writeBytes(src, base + run, head.lineStart(lines) - run);
        }
        if (addChunked) {
            out.writeBytes(TRANSFER_ENCODING_CHUNKED);
        }
        if (!keepAlive) {
            out.writeBytes(CONNECTION_CLOSE);
        } else if (clientHttp10) {
            out.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        out.writeBytes(REQUEST_ID);
        HeadBytes.write(out, requestId);
        out.writeShort(CRLF);
        if (affinityCookie != null) {
            out.writeBytes(SET_COOKIE);
            HeadBytes.write(out, affinityCookie);
            out.writeShort(CRLF);
        }
        out.writeShort(CRLF);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
