package dev.gatehouse.http;

import io.netty.buffer.ByteBuf;

/**
 * Checks of field bytes (RFC 9110 §5.5), shared by the request scan and the response reader:
 * token characters by table, and field values word at a time. Most of a head's bytes are in field
 * values (user agents, cookies, tokens, dates), and looking at them eight at a time is where a
 * byte-at-a-time scan spent its time.
 */
public final class FieldBytes {

    /** RFC 9110 §5.6.2 tchar, as a lookup table. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private FieldBytes() {
    }

    /** Whether byte {@code b} (0-255) may be in a token, such as a field name. */
    public static boolean isTokenChar(int b) {
        return TCHAR[b & 0xFF];
    }

    /** The index of the first byte from {@code from} that cannot be in a token, or {@code end}. */
    public static int tokenEnd(ByteBuf buf, int from, int end) {
        int i = from;
        while (i < end && TCHAR[buf.getByte(i) & 0xFF]) {
            i++;
        }
        return i;
    }

    /**
     * Skips, eight bytes at a time, bytes that need no closer look: no control character (CR,
     * HTAB and the forbidden ones stop it) and no DEL; obs-text (0x80-0xFF) passes. Returns the
     * index of the first word that holds such a byte (a byte-wise check takes over there), or of
     * the last few bytes that do not fill a word.
     */
    public static int skipPlainBytes(ByteBuf buf, int from, int end) {
        int i = from;
        while (end - i >= Long.BYTES) {
            long word = buf.getLong(i);
            // Any byte < 0x20 (obs-text bytes >= 0x80 excluded by ~word), or any byte == 0x7F:
            // the classic exact "has a byte less than n" / "has a zero byte" word tests.
            long control = (word - 0x2020202020202020L) & ~word & 0x8080808080808080L;
            long del = word ^ 0x7F7F7F7F7F7F7F7FL;
            long hasDel = (del - 0x0101010101010101L) & ~del & 0x8080808080808080L;
            if ((control | hasDel) != 0) {
                return i;
            }
            i += Long.BYTES;
        }
        return i;
    }

    /** Whether {@code b} is optional whitespace (SP or HTAB). */
    public static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The first index in [from, to) that is not optional whitespace, or {@code to}. */
    public static int skipOws(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && isOws(buf.getByte(i))) {
            i++;
        }
        return i;
    }

    /** {@code to} moved back over the optional whitespace that ends [from, to). */
    public static int trimOwsEnd(ByteBuf buf, int from, int to) {
        int i = to;
        while (i > from && isOws(buf.getByte(i - 1))) {
            i--;
        }
        return i;
    }

    /**
     * The index of the first byte from {@code from} that cannot be in a field value: a control
     * character other than HTAB (so the CR that ends a line) or DEL; {@code end} if none.
     */
    public static int valueEnd(ByteBuf buf, int from, int end) {
        int i = skipPlainBytes(buf, from, end);
        while (i < end) {
            int b = buf.getByte(i) & 0xFF;
            if (b < 0x20 ? b != '\t' : b == 0x7F) {
                return i;
            }
            i++;
        }
        return end;
    }
}
