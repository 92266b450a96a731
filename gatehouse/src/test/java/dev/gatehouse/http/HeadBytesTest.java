package dev.gatehouse.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The head assembler: every kind of text one byte per char, growth, and the copy out. */
class HeadBytesTest {

    @Test
    void assemblesStringsAsciiStringsOtherTextAndRawBytesInOrder() {
        ByteBuf out = HeadBytes.begin()
                .append(AsciiString.cached("GET"))
                .append(' ')
                .append("/caf\u00e9?q=1")
                .append(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))
                .append(new StringBuilder("x-name"))
                .appendPair((':' << 8) | ' ')
                .append("v\u00ff")
                .appendPair(('\r' << 8) | '\n')
                .toBuffer(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(out.toString(StandardCharsets.ISO_8859_1))
                    .isEqualTo("GET /caf\u00e9?q=1 HTTP/1.1\r\nx-name: v\u00ff\r\n");
            // Latin-1: one byte per char, é as 0xE9, ÿ as 0xFF.
            assertThat(out.readableBytes()).isEqualTo(36);
            assertThat(out.getByte(8) & 0xFF).isEqualTo(0xE9);
        } finally {
            out.release();
        }
    }

    @Test
    void beginStartsOver() {
        HeadBytes.begin().append("left over");
        HeadBytes head = HeadBytes.begin().append("a");

        assertThat(head.size()).isEqualTo(1);
    }

    @Test
    void growsBeyondItsFirstCapacity() {
        String big = "v".repeat(10_000);
        ByteBuf out = HeadBytes.begin().append("x: ").append(big).toBuffer(UnpooledByteBufAllocator.DEFAULT);
        try {
            assertThat(out.readableBytes()).isEqualTo(10_003);
            assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("x: " + big);
        } finally {
            out.release();
        }
    }

    @Test
    void writesTextAtTheWriterIndex() {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeBytes("id: ".getBytes(StandardCharsets.US_ASCII));
            HeadBytes.write(out, "0f3a");
            HeadBytes.write(out, AsciiString.cached("-b"));

            assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("id: 0f3a-b");
        } finally {
            out.release();
        }
    }
}
