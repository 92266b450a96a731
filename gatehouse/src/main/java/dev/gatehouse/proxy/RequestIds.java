package dev.gatehouse.proxy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: keeps a client's {@code X-Request-Id} when it is safe to log and forward, else
 * makes a new random one (128 bits, hex).
 */
final class RequestIds {

    private static final int MAX_LENGTH = 128;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private RequestIds() {
    }

    /** {@code candidate} if it is 1..128 characters of {@code [A-Za-z0-9._:-]}, else a new id. */
    static String keepOrCreate(String candidate) {
        return isValid(candidate) ? candidate : create();
    }

    static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String create() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long hi = random.nextLong();
        long lo = random.nextLong();
        // Bytes, not chars: the string is Latin-1 inside, so this is its one copy.
        byte[] out = new byte[32];
        for (int i = 0; i < 16; i++) {
            out[15 - i] = HEX[(int) (hi >>> (i * 4)) & 0xf];
            out[31 - i] = HEX[(int) (lo >>> (i * 4)) & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
