package dev.gatehouse.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundInvoker;
import java.nio.charset.StandardCharsets;

/**
 * The chunked transfer coding (RFC 9112 §7.1) for bodies the gateway forwards without a length:
 * a size line before each piece, CRLF after it, and the last chunk at the end.
 */
final class ChunkFraming {

    private static final ByteBuf CRLF = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeBytes(new byte[] {'\r', '\n'})).asReadOnly();
    private static final ByteBuf LAST_CHUNK = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(5).writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private ChunkFraming() {
    }

    /** Writes {@code data} (given up; more than 0 bytes) to {@code out} as one chunk: size line, data, CRLF. */
    static void writeChunk(ChannelOutboundInvoker out, ByteBufAllocator alloc, ByteBuf data) {
        out.write(sizeLine(alloc, data.readableBytes()), out.voidPromise());
        out.write(data, out.voidPromise());
        out.write(dataEnd(), out.voidPromise());
    }

    /** The size line of a chunk of {@code size} (more than 0) bytes. */
    private static ByteBuf sizeLine(ByteBufAllocator alloc, int size) {
        int digits = (32 - Integer.numberOfLeadingZeros(size) + 3) / 4;
        ByteBuf line = alloc.buffer(digits + 2);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            line.writeByte(HEX[(size >>> shift) & 0xF]);
        }
        return line.writeByte('\r').writeByte('\n');
    }

    /** The CRLF after a chunk's data (a view of a shared buffer: each write needs its own). */
    private static ByteBuf dataEnd() {
        return CRLF.duplicate();
    }

    /** The last chunk, with no trailers. */
    static ByteBuf lastChunk() {
        return LAST_CHUNK.duplicate();
    }
}
