package dev.gatehouse.edge.http1;

import dev.gatehouse.proxy.ClientActivity;
import dev.gatehouse.proxy.ProxyHandler;
import dev.gatehouse.proxy.error.ProxyFailure;
import dev.gatehouse.runtime.DeadlineTimer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Keeps a client connection from holding resources while doing nothing useful: the header
 * timeout runs from the first byte of a request to the end of its headers (408 after), and the
 * idle timeout runs while a kept-alive connection waits for its next request (closed after,
 * silently: there is no request to answer).
 *
 * <p>Sits before the HTTP decoder so it sees raw bytes; the proxy tells it when headers are in
 * and when the connection is idle again. One timer per connection, no per-request scheduling.
 */
public final class ClientTimeoutHandler extends ChannelInboundHandlerAdapter implements ClientActivity {

    private enum State { IDLE, READING_HEADERS, READING_BODY, BUSY }

    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long bodyTimeoutNanos;
    private ChannelHandlerContext ctx;
    private DeadlineTimer timer;
    private State state = State.IDLE;

    public ClientTimeoutHandler(long headerTimeoutNanos, long idleTimeoutNanos, long bodyTimeoutNanos) {
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.bodyTimeoutNanos = bodyTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timer = new DeadlineTimer(ctx.executor(), this::expired);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // A new connection that sends nothing gets no longer than a slow request head would;
        // it is closed without an answer, as there is no request to answer.
        state = State.IDLE;
        timer.armIn(Math.min(headerTimeoutNanos, idleTimeoutNanos));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE) {
            state = State.READING_HEADERS;
            timer.armIn(headerTimeoutNanos);
        } else if (state == State.READING_BODY) {
            // Progress: the body timeout counts from the last read, not from the head.
            timer.armIn(bodyTimeoutNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void requestReceived() {
        state = State.READING_BODY;
        timer.armIn(bodyTimeoutNanos);
    }

    @Override
    public void requestBodyReceived() {
        state = State.BUSY;
        timer.disarm();
    }

    @Override
    public void connectionIdle() {
        state = State.IDLE;
        timer.armIn(idleTimeoutNanos);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
        ctx.fireChannelInactive();
    }

    private void expired() {
        if (!ctx.channel().isActive()) {
            return;
        }
        ProxyHandler proxy = ctx.pipeline().get(ProxyHandler.class);
        if (state == State.READING_HEADERS && proxy != null) {
            proxy.rejectBeforeRequest(ProxyFailure.HEADER_TIMEOUT);
            return;
        }
        if (state == State.READING_BODY) {
            if (!ctx.channel().config().isAutoRead()) {
                // Reading is paused by the gateway's own backpressure: the client is not late.
                timer.armIn(bodyTimeoutNanos);
                return;
            }
            if (proxy != null) {
                proxy.bodyTimedOut();
                return;
            }
        }
        ctx.close();
    }
}
