package dev.gatehouse.edge.http1;

import dev.gatehouse.proxy.ProxyHandler;
import dev.gatehouse.proxy.error.ProxyFailure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses a client connection's bytes that break the HTTP/1.1 message grammar before the decoder
 * can interpret them (see {@link RequestHeadScanner} for the rules and why they are checked on raw
 * bytes): a violation is answered 400 (431 for too many header fields) and the connection closed;
 * the offending read is dropped whole, so nothing of it reaches the decoder or a backend.
 *
 * <p>Sits between {@link ClientTimeoutHandler} and the codec. Valid bytes pass on untouched (the
 * same buffer, no copy). A violation inside a request whose head was already accepted (a bad
 * chunk line or trailer) closes the connection: the backend never sees that request completed.
 *
 * <p>After a bodyless request head with an {@code Upgrade} field, the bytes that follow are held
 * back, neither checked nor decoded, until the proxy knows that request's answer: if the backend
 * switches protocols they are the tunnel's first bytes ({@link #takeHeld}), otherwise they are read
 * as HTTP as usual ({@link #resumeParsing}). Reading a request smuggled behind an upgrade as an
 * HTTP request, or HTTP requests as tunnel bytes, would both be wrong before then.
 */
final class RequestHeadGrammarHandler extends ChannelInboundHandlerAdapter {

    private final RequestHeadScanner scanner;
    private ChannelHandlerContext ctx;
    private boolean rejected;
    private boolean holding;
    private CompositeByteBuf held;
    private boolean resumeScheduled;

    RequestHeadGrammarHandler(int maxHeaders) {
        this.scanner = new RequestHeadScanner(maxHeaders);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // Closed or switched: whatever is still held is nobody's now (takeHeld took the tunnel's).
        holding = false;
        releaseHeld();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (holding) {
            hold(buf);
            return;
        }
        RequestHeadScanner.Verdict verdict = scanner.scan(buf);
        if (verdict == RequestHeadScanner.Verdict.OK || verdict == RequestHeadScanner.Verdict.PASS_THROUGH) {
            ctx.fireChannelRead(buf);
            return;
        }
        if (verdict == RequestHeadScanner.Verdict.UPGRADE_HEAD) {
            // Up to the end of that head goes on; the rest waits for the answer.
            holding = true;
            ByteBuf heads = buf.readRetainedSlice(scanner.upgradeHeadEnd() - buf.readerIndex());
            hold(buf);
            ctx.fireChannelRead(heads);
            return;
        }
        rejected = true;
        buf.release();
        ProxyFailure failure = verdict == RequestHeadScanner.Verdict.TOO_MANY_HEADERS
                ? ProxyFailure.HEADERS_TOO_LARGE : ProxyFailure.BAD_REQUEST;
        ProxyHandler proxy = ctx.pipeline().get(ProxyHandler.class);
        if (proxy != null) {
            proxy.rejectRequest(failure);
        } else {
            ctx.close();
        }
    }

    private void hold(ByteBuf buf) {
        if (!buf.isReadable()) {
            buf.release();
            return;
        }
        if (held == null) {
            held = ctx.alloc().compositeBuffer();
        }
        held.addComponent(true, buf);
    }

    /**
     * The request that asked to switch protocols got an ordinary answer: what was held after its
     * head is checked and decoded as HTTP, then reading goes on as before. Runs as a task of its
     * own, since the proxy may call this while the decoder is still delivering that request.
     * Returns whether any bytes were held.
     */
    boolean resumeParsing() {
        if (!holding || resumeScheduled) {
            return false;
        }
        resumeScheduled = true;
        boolean any = held != null && held.isReadable();
        ctx.executor().execute(() -> {
            resumeScheduled = false;
            if (!holding || ctx.isRemoved()) {
                return;
            }
            holding = false;
            ByteBuf bytes = held;
            held = null;
            if (bytes != null) {
                channelRead(ctx, bytes);
                ctx.fireChannelReadComplete();
            }
        });
        return any;
    }

    /**
     * The backend switched protocols: stops holding and hands over, unchecked and undecoded, what
     * the client sent after the request head (the caller owns it; empty if nothing). Null when
     * nothing was being held, that is when this connection's bytes after the head were already
     * read as HTTP: then they cannot become a tunnel's.
     */
    ByteBuf takeHeld() {
        if (!holding) {
            return null;
        }
        holding = false;
        ByteBuf bytes = held;
        held = null;
        return bytes == null ? Unpooled.EMPTY_BUFFER : bytes;
    }

    private void releaseHeld() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
