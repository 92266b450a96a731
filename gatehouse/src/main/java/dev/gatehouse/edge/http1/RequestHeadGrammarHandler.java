package dev.gatehouse.edge.http1;

import dev.gatehouse.proxy.ProxyHandler;
import dev.gatehouse.proxy.error.ProxyFailure;
import io.netty.buffer.ByteBuf;
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
 */
final class RequestHeadGrammarHandler extends ChannelInboundHandlerAdapter {

    private final RequestHeadScanner scanner;
    private boolean rejected;

    RequestHeadGrammarHandler(int maxHeaders) {
        this.scanner = new RequestHeadScanner(maxHeaders);
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
        RequestHeadScanner.Verdict verdict = scanner.scan(buf);
        if (verdict == RequestHeadScanner.Verdict.OK || verdict == RequestHeadScanner.Verdict.PASS_THROUGH) {
            ctx.fireChannelRead(buf);
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
}
