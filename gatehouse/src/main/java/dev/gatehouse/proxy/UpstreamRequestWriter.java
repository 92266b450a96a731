package dev.gatehouse.proxy;

import dev.gatehouse.http.HeadBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a request to a backend connection as bytes: the head as {@link MessageRewriter} left it
 * (always origin-form and HTTP/1.1), then the body, chunked when the client chunked it and as it
 * came otherwise. The head is assembled as bytes first ({@link HeadBytes}), then copied into one
 * buffer.
 */
final class UpstreamRequestWriter {

    private static final byte[] HTTP_1_1_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int COLON_SP = (':' << 8) | ' ';

    private UpstreamRequestWriter() {
    }

    /** The request line and header lines, ended by the blank line. */
    static ByteBuf head(ByteBufAllocator alloc, HttpRequest req) {
        HeadBytes head = HeadBytes.begin()
                .append(req.method().asciiName())
                .append(' ')
                .append(req.uri())
                .append(HTTP_1_1_CRLF);
        appendFields(head, req.headers());
        head.appendPair(CRLF);
        return head.toBuffer(alloc);
    }

    /**
     * Writes one piece of the body ({@code content} is given up); a chunked body gets its chunk
     * lines, and its last piece the last chunk with the client's trailer fields.
     */
    static void content(Channel up, HttpContent content, boolean chunked) {
        ByteBuf data = content.content();
        int size = data.readableBytes();
        if (!chunked) {
            if (size > 0) {
                up.write(data, up.voidPromise());
            } else {
                content.release();
            }
            return;
        }
        if (size > 0) {
            ChunkFraming.writeChunk(up, up.alloc(), data);
        } else {
            content.release();
        }
        if (content instanceof LastHttpContent last) {
            HttpHeaders trailers = last.trailingHeaders();
            if (trailers.isEmpty()) {
                up.write(ChunkFraming.lastChunk(), up.voidPromise());
            } else {
                HeadBytes end = HeadBytes.begin().append('0').appendPair(CRLF);
                appendFields(end, trailers);
                end.appendPair(CRLF);
                up.write(end.toBuffer(up.alloc()), up.voidPromise());
            }
        }
    }

    private static void appendFields(HeadBytes out, HttpHeaders headers) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            out.append(field.getKey()).appendPair(COLON_SP).append(field.getValue()).appendPair(CRLF);
        }
    }
}
