package dev.gatehouse.upstream;

import dev.gatehouse.http.FieldBytes;
import dev.gatehouse.upstream.ResponseHead.Framing;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Reads one backend response head off received bytes (RFC 9112 §4, §5): checks the status line
 * and every field line strictly, classifies each line for the proxy as it passes
 * ({@link ResponseHead#KEPT}, hop-by-hop, named by {@code Connection}, {@code Transfer-Encoding},
 * the backend's request id) and decides how the body is framed. One per connection: its line
 * tables are reused from head to head.
 */
final class ResponseHeadReader {

    static final int MAX_HEAD_BYTES = 64 * 1024 + 8192;
    private static final int MAX_HEADER_LINES = 256;

    private int[] lineStarts = new int[32];
    private int[] nameEnds = new int[32];
    private byte[] kinds = new byte[32];

    /**
     * The head at the reader index (consumed, its bytes retained by the head), or null if it is
     * not complete yet (nothing consumed then).
     *
     * @param headRequest whether it answers a HEAD request (no body, whatever its headers say)
     * @throws MalformedResponseException if what is there cannot be a response head
     */
    ResponseHead read(ByteBuf buf, boolean headRequest) {
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
        int chunkedCodings = 0;
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
            int colon = FieldBytes.tokenEnd(buf, pos, end);
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
            int vs = FieldBytes.skipOws(buf, colon + 1, cr);
            int ve = FieldBytes.trimOwsEnd(buf, vs, cr);
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
                    chunkedCodings += ResponseHeaderNames.chunkedCount(buf, vs, ve);
                    if (chunkedCodings > 1) {
                        // RFC 9112 §6.1: never applied twice; a body chunked twice would go out half-decoded.
                        throw new MalformedResponseException("chunked transfer coding applied more than once");
                    }
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
        } else {
            framing = Framing.UNTIL_CLOSE;
        }
        // HTTP/1.0 has no transfer codings: a message with one is faulty framing, never kept (RFC 9112 §6.1).
        boolean keepAlive = (minor == 1 ? !close : keepAliveToken && !close && !te) && framing != Framing.UNTIL_CLOSE;
        ByteBuf bytes = buf.readRetainedSlice(headEnd - start);
        return new ResponseHead(bytes, status, minor, statusEnd + 2 - start,
                Arrays.copyOf(lineStarts, lines + 1), Arrays.copyOf(kinds, lines), lines,
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
            lineStarts = Arrays.copyOf(lineStarts, n);
            nameEnds = Arrays.copyOf(nameEnds, n);
            kinds = Arrays.copyOf(kinds, n);
        }
    }
}
