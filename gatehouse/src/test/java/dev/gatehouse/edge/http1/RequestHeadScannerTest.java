package dev.gatehouse.edge.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.http1.RequestHeadScanner.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestHeadScannerTest {

    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n";

    private static Verdict scanWhole(String text, int maxHeaders) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        try {
            return new RequestHeadScanner(maxHeaders).scan(buf);
        } finally {
            buf.release();
        }
    }

    /** Feeds one byte per read: the verdict must not depend on where reads split the stream. */
    private static Verdict scanBytewise(String text, int maxHeaders) {
        RequestHeadScanner scanner = new RequestHeadScanner(maxHeaders);
        Verdict last = Verdict.OK;
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            ByteBuf one = Unpooled.wrappedBuffer(new byte[] {b});
            last = scanner.scan(one);
            one.release();
            if (last != Verdict.OK) {
                break;
            }
        }
        return last;
    }

    @ParameterizedTest
    @ValueSource(strings = {
            GET + "\r\n",
            "\r\n" + GET + "\r\n",
            GET + "X-A: b\tc d\r\nX-Empty:\r\nX-Obs: caf\u00e9\r\n\r\n",
            GET + "Transfer-Encoding:\tchunked \r\n\r\n5;a=b\r\nhello\r\n0\r\nX-T: 1\r\n\r\n" + GET + "\r\n",
            GET + "Content-Length: 5\r\n\r\n\u0000\r\n\n:" + GET + "\r\n",
            GET + "Transfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
    })
    void validStreamsPass(String text) {
        assertThat(scanWhole(text, 100)).isEqualTo(Verdict.OK);
        assertThat(scanBytewise(text, 100)).isEqualTo(Verdict.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            GET + "X-A: b\u0000c\r\n\r\n",
            GET + "X-A: b\rc\r\n\r\n",
            GET + "X-A: b\nX-B: c\r\n\r\n",
            GET + "X-A: b\r\n c\r\n\r\n",
            GET + "X-A: b\r\n\tc\r\n\r\n",
            GET + "X-A : b\r\n\r\n",
            GET + "X-A\t: b\r\n\r\n",
            GET + ": b\r\n\r\n",
            GET + "X-A: b\u0001\r\n\r\n",
            GET + "X-A: b\u007f\r\n\r\n",
            GET + "X(A): b\r\n\r\n",
            GET + "NoColon\r\n\r\n",
            "GET /\u0000 HTTP/1.1\r\nHost: a\r\n\r\n",
            "GET / HTTP/1.1\rHost: a\r\n\r\n",
            "\n" + GET + "\r\n",
            GET + "\r\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\n5;a\u0000b\r\nhello\r\n0\r\n\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n",
            GET + "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n folded\r\n\r\n",
            GET + "Content-Length: 2\r\n\r\nok" + "GET / HTTP/1.1\r\nX : y\r\n\r\n",
    })
    void violationsAreBad(String text) {
        assertThat(scanWhole(text, 100)).isEqualTo(Verdict.BAD);
        assertThat(scanBytewise(text, 100)).isEqualTo(Verdict.BAD);
    }

    @Test
    void chunkExtensionsAreBounded() {
        String ext = ";x".repeat(RequestHeadScanner.MAX_CHUNK_LINE);
        assertThat(scanWhole(GET + "Transfer-Encoding: chunked\r\n\r\n1" + ext + "\r\na\r\n0\r\n\r\n", 100))
                .isEqualTo(Verdict.BAD);
    }

    @Test
    void headerCountIsLimitedPerHead() {
        String three = GET + "A: 1\r\nB: 2\r\n\r\n";
        assertThat(scanWhole(three, 3)).isEqualTo(Verdict.OK);
        assertThat(scanWhole(three + three, 3)).isEqualTo(Verdict.OK);
        assertThat(scanWhole(GET + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n", 3)).isEqualTo(Verdict.TOO_MANY_HEADERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            GET + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            GET + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n",
            GET + "Content-Length: x\r\n\r\n",
            GET + "Transfer-Encoding: gzip, chunked\r\n\r\n",
            GET + "Transfer-Encoding: chunked\r\nTransfer-encoding: x\r\n\r\n",
    })
    void framingTheDecoderRefusesIsLeftToIt(String text) {
        assertThat(scanWhole(text + "\u0000garbage", 100)).isEqualTo(Verdict.PASS_THROUGH);
    }

    @Test
    void aBodylessHeadWithUpgradeStopsTheScanRightAfterIt_whatFollowsIsNotLookedAt() {
        String head = GET + "upgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        ByteBuf buf = Unpooled.copiedBuffer(head + "\u0000\u0082 not http", StandardCharsets.ISO_8859_1);
        try {
            RequestHeadScanner scanner = new RequestHeadScanner(100);

            assertThat(scanner.scan(buf)).isEqualTo(Verdict.UPGRADE_HEAD);
            assertThat(scanner.upgradeHeadEnd()).isEqualTo(head.length());
            // Scanned again from there (the answer was not a switch), the bytes are a request start.
            buf.readerIndex(scanner.upgradeHeadEnd());
            assertThat(scanner.scan(buf)).isEqualTo(Verdict.BAD);
        } finally {
            buf.release();
        }
    }

    @Test
    void aHeadWithUpgradeAndABody_orUpgradeInTrailers_doesNotStopTheScan() {
        assertThat(scanWhole(GET + "Upgrade: websocket\r\nContent-Length: 2\r\n\r\nhi" + GET + "\r\n", 100))
                .isEqualTo(Verdict.OK);
        assertThat(scanWhole(GET + "Transfer-Encoding: chunked\r\n\r\n0\r\nUpgrade: x\r\n\r\n" + GET + "\r\n", 100))
                .isEqualTo(Verdict.OK);
        assertThat(scanWhole(GET + "Upgrades: x\r\nX-Upgrade: y\r\n\r\n" + GET + "\r\n", 100)).isEqualTo(Verdict.OK);
    }

    @Test
    void anUpgradeHeadSplitAcrossReadsStopsWhereItEnds() {
        RequestHeadScanner scanner = new RequestHeadScanner(100);
        ByteBuf first = Unpooled.copiedBuffer(GET + "Upgr", StandardCharsets.ISO_8859_1);
        ByteBuf second = Unpooled.copiedBuffer("ade: websocket\r\n\r\nrest", StandardCharsets.ISO_8859_1);
        try {
            assertThat(scanner.scan(first)).isEqualTo(Verdict.OK);
            assertThat(scanner.scan(second)).isEqualTo(Verdict.UPGRADE_HEAD);
            assertThat(scanner.upgradeHeadEnd()).isEqualTo("ade: websocket\r\n\r\n".length());
        } finally {
            first.release();
            second.release();
        }
    }

    /**
     * Long field values are skipped eight bytes at a time when a read holds them whole; fed one
     * byte per read they are checked byte by byte. Both must agree on every input: random heads
     * with long values and stray bytes (controls, DEL, obs-text, CR, LF, HTAB) at random places.
     */
    @Test
    void wordAtATimeValueSkipping_agreesWithTheByteWiseScan_onRandomHeads() {
        java.util.Random random = new java.util.Random(20261127);
        char[] stray = {0x00, 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x9F, 0xFF, ':', 'a'};
        String[] values = {
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "session=9f86d081884c7d659a2feaa0c55ad015; theme=dark\tcaf\u00e9",
            "12345678", "1234567", "chunked", "0",
        };
        int checked = 0;
        for (int n = 0; n < 5_000; n++) {
            StringBuilder head = new StringBuilder("GET /p HTTP/1.1\r\nHost: a\r\n");
            int fields = 1 + random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                head.append("X-F").append(f).append(": ").append(values[random.nextInt(values.length)]).append("\r\n");
            }
            head.append("\r\n");
            int strays = random.nextInt(3);
            for (int k = 0; k < strays; k++) {
                int at = 16 + random.nextInt(head.length() - 16);
                head.insert(at, stray[random.nextInt(stray.length)]);
            }
            String text = head.toString();
            assertThat(scanWhole(text, 100)).as("%s", text).isEqualTo(scanBytewise(text, 100));
            checked++;
        }
        assertThat(checked).isEqualTo(5_000);
    }

    @Test
    void controlsAndDelInsideALongValue_areRefusedWhereverTheyFallInAWord() {
        String value = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int at = 0; at < value.length(); at++) {
            for (char bad : new char[] {0x00, 0x01, 0x0A, 0x1F, 0x7F}) {
                String text = GET + "X-Long: " + value.substring(0, at) + bad + value.substring(at) + "\r\n\r\n";
                assertThat(scanWhole(text, 100)).as("byte %02x at %d", (int) bad, at).isEqualTo(Verdict.BAD);
            }
            String ok = GET + "X-Long: " + value.substring(0, at) + "\t\u00ff" + value.substring(at) + "\r\n\r\n";
            assertThat(scanWhole(ok, 100)).isEqualTo(Verdict.OK);
        }
    }
}
