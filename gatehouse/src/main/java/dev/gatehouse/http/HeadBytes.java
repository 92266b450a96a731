package dev.gatehouse.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Assembles the text of a message head in a per-thread array, then copies it into a buffer in
 * one go. Why not write the strings into the buffer directly: a buffer takes a string a byte at a
 * time, each through its index checks, while a Latin-1 {@code String} is bytes inside and goes
 * into an array with one array copy. Header names and values are Latin-1 by construction (decoded
 * one byte per char, or made and checked by the gateway), so each char is one byte on the wire.
 *
 * <p>One head at a time per thread: {@link #begin()} starts over, and nothing may begin another
 * head before this one is copied out ({@link #write} begins one too). Not for use across threads.
 */
public final class HeadBytes {

    private static final int INITIAL_CAPACITY = 2048;
    private static final FastThreadLocal<HeadBytes> LOCAL = new FastThreadLocal<>() {
        @Override
        protected HeadBytes initialValue() {
            return new HeadBytes();
        }
    };

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int size;

    private HeadBytes() {
    }

    /** This thread's builder, emptied. */
    public static HeadBytes begin() {
        HeadBytes head = LOCAL.get();
        head.size = 0;
        return head;
    }

    /** Writes {@code text} (Latin-1, one byte per char) at {@code out}'s writer index. */
    public static void write(ByteBuf out, CharSequence text) {
        if (text instanceof AsciiString ascii) {
            out.writeBytes(ascii.array(), ascii.arrayOffset(), ascii.length());
            return;
        }
        HeadBytes scratch = begin();
        scratch.append(text);
        out.writeBytes(scratch.bytes, 0, scratch.size);
    }

    /** Appends {@code text}, one byte per char. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exactly Latin-1, one array copy
    public HeadBytes append(CharSequence text) {
        int length = text.length();
        ensure(length);
        if (text instanceof String s) {
            s.getBytes(0, length, bytes, size);
        } else if (text instanceof AsciiString ascii) {
            System.arraycopy(ascii.array(), ascii.arrayOffset(), bytes, size, length);
        } else {
            for (int i = 0; i < length; i++) {
                bytes[size + i] = (byte) text.charAt(i);
            }
        }
        size += length;
        return this;
    }

    /** Appends {@code raw} as it is. */
    public HeadBytes append(byte[] raw) {
        ensure(raw.length);
        System.arraycopy(raw, 0, bytes, size, raw.length);
        size += raw.length;
        return this;
    }

    /** Appends two bytes, the first in the high half of {@code pair} (e.g. ": " or CRLF). */
    public HeadBytes appendPair(int pair) {
        ensure(2);
        bytes[size] = (byte) (pair >>> 8);
        bytes[size + 1] = (byte) pair;
        size += 2;
        return this;
    }

    /** Appends one byte. */
    public HeadBytes append(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** How many bytes are assembled. */
    public int size() {
        return size;
    }

    /** A new buffer holding what was assembled, exactly. */
    public ByteBuf toBuffer(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(size);
        out.writeBytes(bytes, 0, size);
        return out;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            byte[] grown = new byte[Math.max(bytes.length * 2, size + more)];
            System.arraycopy(bytes, 0, grown, 0, size);
            bytes = grown;
        }
    }
}
