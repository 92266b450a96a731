package dev.gatehouse.upstream;

import dev.gatehouse.http.FieldBytes;
import dev.gatehouse.upstream.ResponseHead.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads a backend's responses off the raw bytes of its connection (RFC 9112): checks each head
 * strictly and classifies its header lines ({@link ResponseHead}), then passes the body on as
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

    static final int MAX_HEAD_BYTES = 64 * 1024 + 8192;
    private static final int MAX_HEADER_LINES = 256;
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_CHUNK_HEX_DIGITS = 15;

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, SWITCHED, BROKEN }

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }


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
    private int[] lineStarts = new int[32];
    private int[] nameEnds = new int[32];
    private byte[] kinds = new byte[32];

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
        ResponseHead head = parseHead(buf);
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

    /** The head at the reader index, or null if it is not complete yet (nothing consumed then). */
    private ResponseHead parseHead(ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int statusEnd = FieldBytes.valueEnd(buf, start, end);
        if (statusEnd + 1 >= end) {
            return null;
        }
        int minor = statusLine(buf, start, statusEnd);
        int status = (buf.getByte(start + 9) - '0') * 100 + (buf.getByte(start + 10) - '0') * 10
                + (buf.getByte(start + 11) - '0');
        int pos = statusEnd + 2;
        int lines = 0;
        long contentLength = -1;
        boolean te = false;
        boolean chunked = false;
        boolean close = false;
        boolean keepAliveToken = false;
        boolean namesOthers = false;
        while (true) {
            if (pos >= end) {
                return null;
            }
            byte first = buf.getByte(pos);
            if (first == '\r') {
                if (pos + 1 >= end) {
                    return null;
                }
                if (buf.getByte(pos + 1) != '\n') {
                    throw new MalformedResponseException("bare CR in response head");
                }
                break;
            }
            int colon = nameEnd(buf, pos, end);
            if (colon == end) {
                return null;
            }
            if (colon == pos || buf.getByte(colon) != ':') {
                throw new MalformedResponseException(colon == pos && (first == ' ' || first == '\t')
                        ? "folded header line in response" : "malformed header name in response");
            }
            int cr = FieldBytes.valueEnd(buf, colon + 1, end);
            if (cr + 1 >= end) {
                return null;
            }
            if (buf.getByte(cr) != '\r' || buf.getByte(cr + 1) != '\n') {
                throw new MalformedResponseException("invalid byte or bare LF in response header value");
            }
            if (lines == MAX_HEADER_LINES) {
                throw new MalformedResponseException("more than " + MAX_HEADER_LINES + " response header lines");
            }
            growLines(lines);
            lineStarts[lines] = pos - start;
            nameEnds[lines] = colon - start;
            byte kind = ResponseHead.KEPT;
            int vs = trimStart(buf, colon + 1, cr);
            int ve = trimEnd(buf, vs, cr);
            switch (ResponseHeaderNames.of(buf, pos, colon - pos)) {
                case ResponseHeaderNames.CONTENT_LENGTH -> {
                    if (contentLength >= 0) {
                        throw new MalformedResponseException("more than one Content-Length in response");
                    }
                    contentLength = contentLength(buf, vs, ve);
                }
                case ResponseHeaderNames.TRANSFER_ENCODING -> {
                    kind = ResponseHead.TRANSFER_ENCODING;
                    te = true;
                    chunked = ResponseHeaderNames.lastTokenIsChunked(buf, vs, ve);
                }
                case ResponseHeaderNames.CONNECTION -> {
                    kind = ResponseHead.HOP_BY_HOP;
                    int options = ResponseHeaderNames.connectionOptions(buf, vs, ve);
                    close |= (options & ResponseHeaderNames.OPTION_CLOSE) != 0;
                    keepAliveToken |= (options & ResponseHeaderNames.OPTION_KEEP_ALIVE) != 0;
                    namesOthers |= (options & ResponseHeaderNames.OPTION_OTHER) != 0;
                }
                case ResponseHeaderNames.HOP_BY_HOP -> kind = ResponseHead.HOP_BY_HOP;
                case ResponseHeaderNames.REQUEST_ID -> kind = ResponseHead.REQUEST_ID;
                default -> {
                }
            }
            kinds[lines] = kind;
            lines++;
            pos = cr + 2;
            if (pos - start > MAX_HEAD_BYTES) {
                throw new MalformedResponseException("response head larger than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        int headEnd = pos + 2;
        growLines(lines);
        lineStarts[lines] = pos - start;
        if (namesOthers) {
            markNamedByConnection(buf, start, lines);
        }
        if (te && contentLength >= 0) {
            throw new MalformedResponseException("response with both Content-Length and Transfer-Encoding");
        }
        Framing framing;
        if (status < 200 || status == 204 || status == 304 || headRequest) {
            framing = Framing.NONE;
        } else if (te) {
            framing = chunked ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
        } else if (contentLength >= 0) {
            framing = Framing.LENGTH;
            remaining = contentLength;
        } else {
            framing = Framing.UNTIL_CLOSE;
        }
        // HTTP/1.0 has no transfer codings: a message with one is faulty framing, never kept (RFC 9112 §6.1).
        boolean keepAlive = (minor == 1 ? !close : keepAliveToken && !close && !te) && framing != Framing.UNTIL_CLOSE;
        ByteBuf bytes = buf.readRetainedSlice(headEnd - start);
        return new ResponseHead(bytes, status, minor, statusEnd + 2 - start,
                java.util.Arrays.copyOf(lineStarts, lines + 1), java.util.Arrays.copyOf(kinds, lines), lines,
                framing, framing == Framing.LENGTH ? contentLength : -1, te && chunked, keepAlive);
    }

    /** Checks {@code HTTP/1.x SSS[ reason]}; returns x. */
    private static int statusLine(ByteBuf buf, int start, int cr) {
        if (buf.getByte(cr) != '\r' || buf.getByte(cr + 1) != '\n') {
            throw new MalformedResponseException("status line not ended by CRLF");
        }
        int len = cr - start;
        if (len < 12 || buf.getByte(start) != 'H' || buf.getByte(start + 1) != 'T' || buf.getByte(start + 2) != 'T'
                || buf.getByte(start + 3) != 'P' || buf.getByte(start + 4) != '/' || buf.getByte(start + 5) != '1'
                || buf.getByte(start + 6) != '.' || buf.getByte(start + 8) != ' '
                || (len > 12 && buf.getByte(start + 12) != ' ')) {
            throw new MalformedResponseException("malformed status line");
        }
        int minor = buf.getByte(start + 7) - '0';
        int d1 = buf.getByte(start + 9) - '0';
        int d2 = buf.getByte(start + 10) - '0';
        int d3 = buf.getByte(start + 11) - '0';
        if ((minor != 0 && minor != 1) || d1 < 1 || d1 > 5 || d2 < 0 || d2 > 9 || d3 < 0 || d3 > 9) {
            throw new MalformedResponseException("malformed status line");
        }
        return minor;
    }

    private static long contentLength(ByteBuf buf, int vs, int ve) {
        if (ve == vs || ve - vs > 18) {
            throw new MalformedResponseException("malformed Content-Length in response");
        }
        long n = 0;
        for (int i = vs; i < ve; i++) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                throw new MalformedResponseException("malformed Content-Length in response");
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** Marks the lines a Connection header names (other than the framing and routing ones) hop-by-hop. */
    private void markNamedByConnection(ByteBuf buf, int start, int lines) {
        for (int c = 0; c < lines; c++) {
            if (kinds[c] != ResponseHead.HOP_BY_HOP
                    || ResponseHeaderNames.of(buf, start + lineStarts[c], nameEnds[c] - lineStarts[c]) != ResponseHeaderNames.CONNECTION) {
                continue;
            }
            int colon = start + nameEnds[c];
            int lineEnd = start + lineStarts[c + 1] - 2;
            for (int i = 0; i < lines; i++) {
                if (kinds[i] == ResponseHead.KEPT
                        && ResponseHeaderNames.listContains(buf, colon + 1, lineEnd, start + lineStarts[i], nameEnds[i] - lineStarts[i])
                        && !ResponseHeaderNames.isProtected(buf, start + lineStarts[i], nameEnds[i] - lineStarts[i])) {
                    kinds[i] = ResponseHead.HOP_BY_HOP;
                }
            }
        }
    }

    private void growLines(int lines) {
        if (lines >= kinds.length - 1) {
            int n = kinds.length * 2;
            lineStarts = java.util.Arrays.copyOf(lineStarts, n);
            nameEnds = java.util.Arrays.copyOf(nameEnds, n);
            kinds = java.util.Arrays.copyOf(kinds, n);
        }
    }

    private static int trimStart(ByteBuf buf, int from, int to) {
        while (from < to && isOws(buf.getByte(from))) {
            from++;
        }
        return from;
    }

    private static int trimEnd(ByteBuf buf, int from, int to) {
        while (to > from && isOws(buf.getByte(to - 1))) {
            to--;
        }
        return to;
    }

    /** The index of the first byte from {@code from} that cannot be in a field name, or {@code end}. */
    private static int nameEnd(ByteBuf buf, int from, int end) {
        int i = from;
        while (i < end && TCHAR[buf.getByte(i) & 0xFF]) {
            i++;
        }
        return i;
    }

    private static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
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
        byte after = i < cr ? buf.getByte(i) : (byte) '\r';
        if (digits == 0 || digits > MAX_CHUNK_HEX_DIGITS || (after != '\r' && after != ';' && !isOws(after))) {
            throw new MalformedResponseException("malformed chunk size");
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
        int colon = nameEnd(buf, start, end);
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
