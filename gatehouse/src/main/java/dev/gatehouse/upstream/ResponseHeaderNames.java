package dev.gatehouse.upstream;

import dev.gatehouse.http.FieldBytes;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The header names a proxy must act on, recognised in received bytes without making strings:
 * framing, connection options, the hop-by-hop set of RFC 9110 §7.6.1 and the request id.
 */
final class ResponseHeaderNames {

    static final int OTHER = 0;
    static final int CONTENT_LENGTH = 1;
    static final int TRANSFER_ENCODING = 2;
    static final int CONNECTION = 3;
    static final int HOP_BY_HOP = 4;
    static final int REQUEST_ID = 5;

    static final int OPTION_CLOSE = 1;
    static final int OPTION_KEEP_ALIVE = 2;
    static final int OPTION_OTHER = 4;

    private static final byte[] CONTENT_LENGTH_NAME = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING_NAME = ascii("transfer-encoding");
    private static final byte[] CONNECTION_NAME = ascii("connection");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");
    private static final byte[] PROXY_CONNECTION = ascii("proxy-connection");
    private static final byte[] TE = ascii("te");
    private static final byte[] TRAILER = ascii("trailer");
    private static final byte[] UPGRADE = ascii("upgrade");
    private static final byte[] PROXY_AUTHENTICATE = ascii("proxy-authenticate");
    private static final byte[] PROXY_AUTHORIZATION = ascii("proxy-authorization");
    private static final byte[] REQUEST_ID_NAME = ascii("x-request-id");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] CHUNKED = ascii("chunked");
    // End-to-end framing and routing headers: no connection option may remove them.
    private static final byte[][] PROTECTED = {
        CONTENT_LENGTH_NAME, ascii("host"), ascii("content-type"), ascii("content-encoding"),
    };

    private ResponseHeaderNames() {
    }

    /** What the name of {@code len} bytes at {@code at} is: one of the constants above. */
    static int of(ByteBuf buf, int at, int len) {
        return switch (len) {
            case 2 -> is(buf, at, len, TE) ? HOP_BY_HOP : OTHER;
            case 7 -> is(buf, at, len, TRAILER) || is(buf, at, len, UPGRADE) ? HOP_BY_HOP : OTHER;
            case 10 -> is(buf, at, len, CONNECTION_NAME) ? CONNECTION : is(buf, at, len, KEEP_ALIVE) ? HOP_BY_HOP : OTHER;
            case 12 -> is(buf, at, len, REQUEST_ID_NAME) ? REQUEST_ID : OTHER;
            case 14 -> is(buf, at, len, CONTENT_LENGTH_NAME) ? CONTENT_LENGTH : OTHER;
            case 16 -> is(buf, at, len, PROXY_CONNECTION) ? HOP_BY_HOP : OTHER;
            case 17 -> is(buf, at, len, TRANSFER_ENCODING_NAME) ? TRANSFER_ENCODING : OTHER;
            case 18 -> is(buf, at, len, PROXY_AUTHENTICATE) ? HOP_BY_HOP : OTHER;
            case 19 -> is(buf, at, len, PROXY_AUTHORIZATION) ? HOP_BY_HOP : OTHER;
            default -> OTHER;
        };
    }

    /** Whether the name at {@code at} is one no connection option may remove. */
    static boolean isProtected(ByteBuf buf, int at, int len) {
        for (byte[] name : PROTECTED) {
            if (is(buf, at, len, name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the last coding of a Transfer-Encoding value in [from, to) is {@code chunked}. */
    static boolean lastTokenIsChunked(ByteBuf buf, int from, int to) {
        // Empty list elements do not count (RFC 9110 §5.6.1): "chunked," ends in chunked.
        while (to > from && (buf.getByte(to - 1) == ',' || FieldBytes.isOws(buf.getByte(to - 1)))) {
            to--;
        }
        // Backwards: from `to` (exclusive) down to `from`.
        int comma = buf.indexOf(to, from, (byte) ',');
        int s = FieldBytes.skipOws(buf, comma < 0 ? from : comma + 1, to);
        return is(buf, s, to - s, CHUNKED);
    }

    /** How many elements of the Transfer-Encoding list in [from, to) are {@code chunked}. */
    static int chunkedCount(ByteBuf buf, int from, int to) {
        int count = 0;
        for (int s = from; s < to; ) {
            int e = elementEnd(buf, s, to);
            int ts = FieldBytes.skipOws(buf, s, e);
            if (is(buf, ts, FieldBytes.trimOwsEnd(buf, ts, e) - ts, CHUNKED)) {
                count++;
            }
            s = e + 1;
        }
        return count;
    }

    /** The options of a Connection value in [from, to): {@link #OPTION_CLOSE} and the others, or-ed. */
    static int connectionOptions(ByteBuf buf, int from, int to) {
        int options = 0;
        for (int s = from; s < to; ) {
            int e = elementEnd(buf, s, to);
            int ts = FieldBytes.skipOws(buf, s, e);
            int len = FieldBytes.trimOwsEnd(buf, ts, e) - ts;
            if (len > 0) {
                options |= is(buf, ts, len, CLOSE) ? OPTION_CLOSE
                        : is(buf, ts, len, KEEP_ALIVE) ? OPTION_KEEP_ALIVE : OPTION_OTHER;
            }
            s = e + 1;
        }
        return options;
    }

    /** Whether the comma-separated list in [from, to) holds the name of {@code len} bytes at {@code name}. */
    static boolean listContains(ByteBuf buf, int from, int to, int name, int len) {
        for (int s = from; s < to; ) {
            int e = elementEnd(buf, s, to);
            int ts = FieldBytes.skipOws(buf, s, e);
            if (FieldBytes.trimOwsEnd(buf, ts, e) - ts == len && equalsIgnoreCase(buf, ts, name, len)) {
                return true;
            }
            s = e + 1;
        }
        return false;
    }

    /** The end of the list element that starts at {@code s}: the next comma, or {@code to}. */
    private static int elementEnd(ByteBuf buf, int s, int to) {
        int comma = buf.indexOf(s, to, (byte) ',');
        return comma < 0 ? to : comma;
    }

    private static boolean equalsIgnoreCase(ByteBuf buf, int a, int b, int len) {
        for (int i = 0; i < len; i++) {
            if (lower(buf.getByte(a + i)) != lower(buf.getByte(b + i))) {
                return false;
            }
        }
        return true;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /** Case-insensitive match of [at, at + len) against a lower-case name of letters and '-'. */
    private static boolean is(ByteBuf buf, int at, int len, byte[] lowerName) {
        if (len != lowerName.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            // Setting 0x20 lower-cases a letter and keeps '-'; the bytes are token characters.
            if ((buf.getByte(at + i) | 0x20) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
