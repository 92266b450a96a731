package dev.gatehouse.upstream;

import dev.gatehouse.http.FieldBytes;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads a backend's responses off the raw bytes of its connection (RFC 9112): each head through
 * {@link ResponseHeadReader} (checked strictly, its lines classified), then the body, passed on as
 * slices of what was read, without copying, until its {@code Content-Length}, last chunk or the
 * connection's end; then {@link #END}. Chunked bodies arrive de-chunked (trailers dropped).
 *
 * <p>Anything that is not a well-framed response (a bad status line, a header byte outside the
 * field grammar, a line folded or ended by a bare LF, conflicting or malformed framing headers, a
 * bad chunk, bytes after a response nobody asked for) closes the connection with a
 * {@link MalformedResponseException}. A head or chunk line that arrives in parts is gathered
 * (up to the size limits); everything else is handed on as it arrives.
 */
final class ResponseParser extends ChannelInboundHandlerAdapter {

    /** Fired after the last byte of a response's body (or after a bodyless head). */
    static final Object END = new Object() {
        @Override
        public String toString() {
            return "END";
        }
    };

    static final int MAX_HEAD_BYTES = ResponseHeadReader.MAX_HEAD_BYTES;
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_CHUNK_HEX_DIGITS = 15;

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, SWITCHED, BROKEN }

    private State state = State.HEAD;
    private boolean headRequest;
    private ByteBuf pending;
    // Inside channelRead: a removal then (a tunnel taking over) leaves the rest to channelRead.
    private boolean reading;
    // Where, in pending, the search for the end of a head resumes: it is not re-read per read.
    private int searchFrom;
    // Whether the partial head's status line was judged already (it is, as soon as it is whole).
    private boolean statusLineSeen;
    // Whether any byte arrived since the request went out (a failure after that is no stale connection).
    private boolean received;
    private long remaining;
    private int trailerBytes;
    private final ResponseHeadReader heads = new ResponseHeadReader();

    /** The next response answers a HEAD request (no body, whatever its headers say). */
    void expectResponseTo(boolean head) {
        headRequest = head;
        received = false;
    }

    /** Whether any byte arrived since {@link #expectResponseTo}. */
    boolean receivedBytes() {
        return received;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        received = true;
        if (state == State.BROKEN) {
            in.release();
            return;
        }
        ByteBuf buf;
        if (pending == null) {
            buf = in;
        } else {
            pending.writeBytes(in);
            in.release();
            buf = pending;
        }
        reading = true;
        try {
            parse(ctx, buf);
        } catch (MalformedResponseException e) {
            state = State.BROKEN;
            buf.skipBytes(buf.readableBytes());
            ctx.fireExceptionCaught(e);
        } finally {
            reading = false;
        }
        if (ctx.isRemoved()) {
            // A tunnel took over on the 101 just read: the rest of this read is the new protocol's.
            pending = null;
            if (state == State.SWITCHED && buf.isReadable()) {
                ctx.fireChannelRead(buf);
            } else {
                buf.release();
            }
            return;
        }
        if (buf == pending) {
            if (!buf.isReadable()) {
                pending.release();
                pending = null;
            } else if (buf.readerIndex() > 0) {
                // Copied, not compacted: slices of what was read may still be on their way out.
                pending = ctx.alloc().buffer(Math.max(1024, buf.readableBytes() * 2));
                pending.writeBytes(buf);
                buf.release();
            }
        } else {
            if (buf.isReadable() && state != State.BROKEN) {
                // Part of a line: gathered until the rest arrives.
                pending = ctx.alloc().buffer(Math.max(1024, buf.readableBytes() * 2));
                pending.writeBytes(buf);
                searchFrom = 0;
                statusLineSeen = false;
            }
            buf.release();
        }
    }

    private void parse(ChannelHandlerContext ctx, ByteBuf buf) {
        while (buf.isReadable()) {
            switch (state) {
                case HEAD -> {
                    if (!head(ctx, buf)) {
                        return;
                    }
                }
                case LENGTH -> {
                    if (body(ctx, buf)) {
                        end(ctx, buf);
                    }
                }
                case CHUNK_SIZE -> {
                    if (!chunkSize(buf)) {
                        return;
                    }
                }
                case CHUNK_DATA -> {
                    if (body(ctx, buf)) {
                        state = State.CHUNK_END;
                    }
                }
                case CHUNK_END -> {
                    if (buf.readableBytes() < 2) {
                        return;
                    }
                    if (buf.readByte() != '\r' || buf.readByte() != '\n') {
                        throw new MalformedResponseException("chunk data not followed by CRLF");
                    }
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    if (!trailer(ctx, buf)) {
                        return;
                    }
                }
                case UNTIL_CLOSE -> ctx.fireChannelRead(buf.readRetainedSlice(buf.readableBytes()));
                case SWITCHED -> {
                    // The bytes after a 101 are the new protocol's: held for the tunnel (handlerRemoved).
                    return;
                }
                default -> {
                    buf.skipBytes(buf.readableBytes());
                    return;
                }
            }
        }
    }

    /** Passes on what of the current body is here; true when the body (or chunk) is complete. */
    private boolean body(ChannelHandlerContext ctx, ByteBuf buf) {
        int n = (int) Math.min(remaining, buf.readableBytes());
        remaining -= n;
        ctx.fireChannelRead(buf.readRetainedSlice(n));
        return remaining == 0;
    }

    /** The response is complete: {@link #END}, and the connection may carry the next exchange. */
    private void end(ChannelHandlerContext ctx, ByteBuf buf) {
        state = State.HEAD;
        searchFrom = 0;
        statusLineSeen = false;
        if (buf.isReadable()) {
            // Bytes nobody asked for: this connection's framing can no longer be trusted. Closed
            // before END, so that the released connection is not reused.
            state = State.BROKEN;
            buf.skipBytes(buf.readableBytes());
            ctx.close();
        }
        ctx.fireChannelRead(END);
    }

    // ------------------------------------------------------------------ heads

    /** Parses a head if all of it is here: true if one was passed on (and the state moved on). */
    private boolean head(ChannelHandlerContext ctx, ByteBuf buf) {
        if (buf == pending && !containsHeadEnd(buf)) {
            checkHeadSize(buf);
            return false;
        }
        ResponseHead head = heads.read(buf, headRequest);
        if (head == null) {
            checkHeadSize(buf);
            return false;
        }
        searchFrom = 0;
        statusLineSeen = false;
        ctx.fireChannelRead(head);
        int status = head.status();
        if (status == 101) {
            state = State.SWITCHED;
            return true;
        }
        if (status < 200) {
            // Interim: the final response follows.
            return true;
        }
        switch (head.framing()) {
            case NONE -> end(ctx, buf);
            case LENGTH -> {
                remaining = head.contentLength();
                if (remaining == 0) {
                    end(ctx, buf);
                } else {
                    state = State.LENGTH;
                }
            }
            case CHUNKED -> state = State.CHUNK_SIZE;
            default -> state = State.UNTIL_CLOSE;
        }
        return true;
    }

    private static void checkHeadSize(ByteBuf buf) {
        if (buf.readableBytes() > MAX_HEAD_BYTES) {
            throw new MalformedResponseException("response head larger than " + MAX_HEAD_BYTES + " bytes");
        }
    }

    /**
     * Whether a partial head has become worth parsing: it holds the blank line (CRLF CRLF), or a
     * line that can already be judged (the status line; a bare LF). Resumes where the last look
     * ended, so a head that drips in is not read again per read.
     */
    private boolean containsHeadEnd(ByteBuf buf) {
        int rd = buf.readerIndex();
        int from = Math.max(rd, rd + searchFrom - 3);
        int end = buf.writerIndex();
        for (int i = buf.indexOf(from, end, (byte) '\n'); i >= 0; i = buf.indexOf(i + 1, end, (byte) '\n')) {
            boolean judge = i == rd || buf.getByte(i - 1) != '\r' || !statusLineSeen
                    || (i - 3 >= rd && buf.getByte(i - 2) == '\n' && buf.getByte(i - 3) == '\r');
            if (judge) {
                statusLineSeen = true;
                searchFrom = i + 1 - rd;
                return true;
            }
        }
        searchFrom = end - rd;
        return false;
    }

    // ------------------------------------------------------------------ chunks

    /** Reads a chunk-size line if it is all here; false if more bytes are needed. */
    private boolean chunkSize(ByteBuf buf) {
        int start = buf.readerIndex();
        int limit = start + Math.min(buf.readableBytes(), MAX_CHUNK_LINE);
        int cr = FieldBytes.valueEnd(buf, start, limit);
        if (cr == limit || cr + 1 >= buf.writerIndex()) {
            if (buf.readableBytes() >= MAX_CHUNK_LINE) {
                throw new MalformedResponseException("chunk size line too long");
            }
            return false;
        }
        if (buf.getByte(cr) != '\r' || buf.getByte(cr + 1) != '\n') {
            throw new MalformedResponseException("malformed chunk size line");
        }
        long size = 0;
        int i = start;
        for (; i < cr; i++) {
            int d = Character.digit(buf.getByte(i), 16);
            if (d < 0) {
                break;
            }
            size = (size << 4) | d;
        }
        int digits = i - start;
        if (digits == 0 || digits > MAX_CHUNK_HEX_DIGITS || !chunkExtensions(buf, i, cr)) {
            throw new MalformedResponseException("malformed chunk size line");
        }
        buf.readerIndex(cr + 2);
        if (size == 0) {
            trailerBytes = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    /**
     * Whether [from, cr) is nothing or well-formed chunk extensions (RFC 9112 §7.1.1):
     * {@code *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )}. They are dropped,
     * but a line outside the grammar is one that another reader could frame differently.
     */
    private static boolean chunkExtensions(ByteBuf buf, int from, int cr) {
        int i = from;
        while (i < cr) {
            // Whitespace only before a ';' (BWS): "5 ", "5 x" and a trailing tab are not chunk lines.
            int semicolon = FieldBytes.skipOws(buf, i, cr);
            if (semicolon == cr || buf.getByte(semicolon) != ';') {
                return false;
            }
            i = FieldBytes.skipOws(buf, semicolon + 1, cr);
            int name = i;
            while (i < cr && FieldBytes.isTokenChar(buf.getByte(i))) {
                i++;
            }
            if (i == name) {
                return false;
            }
            int equals = FieldBytes.skipOws(buf, i, cr);
            if (equals < cr && buf.getByte(equals) == '=') {
                i = extensionValue(buf, FieldBytes.skipOws(buf, equals + 1, cr), cr);
                if (i < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The end of a token or quoted-string starting at {@code i}, or -1 if there is none. */
    private static int extensionValue(ByteBuf buf, int i, int cr) {
        if (i < cr && buf.getByte(i) == '"') {
            i++;
            while (i < cr) {
                int b = buf.getByte(i) & 0xFF;
                if (b == '"') {
                    return i + 1;
                }
                if (b == '\\') {
                    if (i + 1 >= cr) {
                        return -1;
                    }
                    int q = buf.getByte(i + 1) & 0xFF;
                    if (q != '\t' && (q < 0x20 || q == 0x7F)) {
                        return -1;
                    }
                    i += 2;
                } else if (b != '\t' && (b < 0x20 || b == 0x7F)) {
                    return -1;
                } else {
                    i++;
                }
            }
            return -1;
        }
        int start = i;
        while (i < cr && FieldBytes.isTokenChar(buf.getByte(i))) {
            i++;
        }
        return i == start ? -1 : i;
    }


    /** Reads one trailer line (dropped) or the blank line that ends the body; false if more bytes are needed. */
    private boolean trailer(ChannelHandlerContext ctx, ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        if (buf.getByte(start) == '\r') {
            if (end - start < 2) {
                return false;
            }
            if (buf.getByte(start + 1) != '\n') {
                throw new MalformedResponseException("malformed end of chunked body");
            }
            buf.skipBytes(2);
            end(ctx, buf);
            return true;
        }
        int colon = FieldBytes.tokenEnd(buf, start, end);
        if (colon < end && (colon == start || buf.getByte(colon) != ':')) {
            throw new MalformedResponseException("malformed trailer line");
        }
        int cr = colon == end ? end : FieldBytes.valueEnd(buf, colon + 1, end);
        if (cr + 1 >= end) {
            if (trailerBytes + buf.readableBytes() > MAX_HEAD_BYTES) {
                throw new MalformedResponseException("trailers too large");
            }
            return false;
        }
        if (buf.getByte(cr) != '\r' || buf.getByte(cr + 1) != '\n') {
            throw new MalformedResponseException("malformed trailer line");
        }
        trailerBytes += cr + 2 - start;
        if (trailerBytes > MAX_HEAD_BYTES) {
            throw new MalformedResponseException("trailers too large");
        }
        buf.readerIndex(cr + 2);
        return true;
    }

    // ------------------------------------------------------------------ connection events

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.UNTIL_CLOSE) {
            // The close is this body's end.
            state = State.HEAD;
            ctx.fireChannelRead(END);
        }
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (reading) {
            return;
        }
        // After a 101 the rest of what was read belongs to the tunnel that takes over.
        ByteBuf rest = pending;
        pending = null;
        if (rest != null && rest.isReadable() && state == State.SWITCHED) {
            ctx.fireChannelRead(rest);
        } else {
            ReferenceCountUtil.release(rest);
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
