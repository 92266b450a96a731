package dev.gatehouse.proxy;

import dev.gatehouse.upstream.ResponseHead;
import dev.gatehouse.upstream.ResponseHead.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Forwards one backend response to the client as bytes: the head as {@link ResponseHeadWriter}
 * writes it, then the body as it came when its length is known, re-chunked when the backend
 * chunked it or ends it by closing, or, to an HTTP/1.0 client, ended by closing the connection.
 * A small body joins its head, so a small response leaves in one buffer. Writes only; the
 * exchange flushes.
 */
final class ResponseForwarder {

    // A body up to this size is copied behind its head: one buffer out instead of two.
    private static final int SMALL_BODY = 2048;

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;
    private final boolean rechunk;
    // The head, kept back for a small body to join it; written by the next step at the latest.
    private ByteBuf heldHead;
    private long bodyBytes;

    /**
     * Writes (or holds, for its small body) the client's copy of {@code head}, which stays the
     * caller's to release.
     *
     * @param keepAlive    whether the client connection may stay open after this response
     * @param clientHttp10 whether the client spoke HTTP/1.0 (no chunking towards it)
     */
    ResponseForwarder(ChannelHandlerContext ctx, ResponseHead head, boolean keepAlive, boolean clientHttp10,
            String requestId, String affinityCookie) {
        this.ctx = ctx;
        Framing framing = head.framing();
        boolean unframed = framing == Framing.CHUNKED || framing == Framing.UNTIL_CLOSE;
        // No chunking in HTTP/1.0: the end of the body is the end of the connection.
        this.keepAlive = keepAlive && !(unframed && clientHttp10);
        this.rechunk = unframed && !clientHttp10;
        long length = head.contentLength();
        boolean smallBody = length > 0 && length <= SMALL_BODY;
        // The backend's codings go on while the client is told of them: a body we chunk, or none at all.
        boolean keepTransferEncoding = !clientHttp10 && (rechunk || framing == Framing.NONE);
        ByteBuf out = ResponseHeadWriter.write(ctx.alloc(), head, keepTransferEncoding, rechunk && !head.chunked(),
                this.keepAlive, clientHttp10, requestId, affinityCookie, smallBody ? (int) length : 0);
        if (smallBody) {
            heldHead = out;
        } else {
            ctx.write(out, ctx.voidPromise());
        }
    }

    /** Whether the client connection stays open after this response. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Body bytes forwarded so far (before any chunk framing). */
    long bodyBytes() {
        return bodyBytes;
    }

    /** Forwards a piece of the body (given up). */
    void body(ByteBuf piece) {
        int size = piece.readableBytes();
        bodyBytes += size;
        if (heldHead != null) {
            if (size <= heldHead.writableBytes()) {
                heldHead.writeBytes(piece);
                piece.release();
                return;
            }
            writeHeld();
        }
        if (rechunk && size > 0) {
            ChunkFraming.writeChunk(ctx, ctx.alloc(), piece);
        } else {
            ctx.write(piece, ctx.voidPromise());
        }
    }

    /** Writes what is held back, before a flush. */
    void writeHeld() {
        if (heldHead != null) {
            ctx.write(heldHead, ctx.voidPromise());
            heldHead = null;
        }
    }

    /** The body is complete: what is held, then the last chunk if the body is chunked. */
    void end() {
        writeHeld();
        if (rechunk) {
            ctx.write(ChunkFraming.lastChunk(), ctx.voidPromise());
        }
    }

    /** The client is gone: drops what is held back. */
    void discard() {
        if (heldHead != null) {
            heldHead.release();
            heldHead = null;
        }
    }
}
