package dev.gatehouse.testing;

/** Raw protocol bytes as readable text for failure messages: CR, LF, HTAB and other controls escaped. */
public final class PrintableBytes {

    private static final int MAX_SHOWN = 2000;

    private PrintableBytes() {
    }

    public static String of(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, MAX_SHOWN); i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '\r' -> s.append("\\r");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.append((char) c);
                    }
                }
            }
        }
        if (bytes.length > MAX_SHOWN) {
            s.append("... (").append(bytes.length).append(" bytes)");
        }
        return s.toString();
    }
}
