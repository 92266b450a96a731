package dev.gatehouse.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded byte-level mutations for the fuzz tests: flips, the bytes parsers care about (CR, LF,
 * NUL, SP, TAB, ':'), insertions, deletions, duplicated and swapped lines, huge numbers and
 * repeated runs. The same seed always gives the same mutant, so a failure replays from its seed.
 */
final class Mutator {

    private static final byte[] SPECIAL = {'\r', '\n', 0, ' ', '\t', ':', ';', ',', '"', '%', '/', '.', (byte) 0x7f,
        (byte) 0xff, (byte) 0x80};
    private static final String[] TOKENS = {"\r\n", "\n", "\r", "99999999999999999999999", "-1", "0x10", "+5",
        "Transfer-Encoding: chunked\r\n", "Content-Length: 5\r\n", "Content-Length: 18446744073709551616\r\n",
        "Host: other\r\n", "Transfer-Encoding: gzip, chunked\r\n", " chunked", "\r\n\r\n", "ffffffffffffffffff\r\n",
        "0\r\n\r\n", "/../", "%2e%2e/", "//", "?", "#", "*", "HTTP/2.0", "HTTP/1.0", "Expect: 100-continue\r\n",
        "Connection: close\r\n", "Upgrade: websocket\r\n", "\u0000"};

    private Mutator() {
    }

    /** {@code input} with one to four mutations picked by {@code random}. */
    static byte[] mutate(byte[] input, Random random) {
        byte[] b = input;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = once(b, random);
        }
        return b;
    }

    private static byte[] once(byte[] b, Random r) {
        if (b.length == 0) {
            return token(r);
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(9)) {
            case 0 -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 1 -> {
                byte[] c = b.clone();
                c[at] = SPECIAL[r.nextInt(SPECIAL.length)];
                return c;
            }
            case 2 -> {
                return splice(b, at, at, new byte[] {SPECIAL[r.nextInt(SPECIAL.length)]});
            }
            case 3 -> {
                return splice(b, at, at, token(r));
            }
            case 4 -> {
                int end = Math.min(b.length, at + 1 + r.nextInt(8));
                return splice(b, at, end, new byte[0]);
            }
            case 5 -> {
                // Duplicate the line around `at` (a duplicate header, a second request line).
                int start = lineStart(b, at);
                int end = lineEnd(b, at);
                byte[] line = java.util.Arrays.copyOfRange(b, start, end);
                return splice(b, end, end, line);
            }
            case 6 -> {
                // Repeat a short run many times: huge lines, numbers, header blocks.
                int end = Math.min(b.length, at + 1 + r.nextInt(4));
                byte[] run = java.util.Arrays.copyOfRange(b, at, end);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int times = 1 + r.nextInt(r.nextBoolean() ? 16 : 4096);
                for (int i = 0; i < times; i++) {
                    out.writeBytes(run);
                }
                return splice(b, end, end, out.toByteArray());
            }
            case 7 -> {
                byte[] c = b.clone();
                c[at] = (byte) r.nextInt(256);
                return c;
            }
            default -> {
                return java.util.Arrays.copyOf(b, at);
            }
        }
    }

    private static byte[] token(Random r) {
        return TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int lineStart(byte[] b, int at) {
        int i = at;
        while (i > 0 && b[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    private static int lineEnd(byte[] b, int at) {
        int i = at;
        while (i < b.length && b[i] != '\n') {
            i++;
        }
        return Math.min(b.length, i + 1);
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] c = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(insert, 0, c, from, insert.length);
        System.arraycopy(b, to, c, from + insert.length, b.length - to);
        return c;
    }
}
