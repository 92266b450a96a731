package dev.gatehouse.edge.http1;

import dev.gatehouse.proxy.ProxyHandler;
import dev.gatehouse.proxy.error.ProxyFailure;
import dev.gatehouse.runtime.DeadlineTimer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Keeps a client connection from holding resources while doing nothing useful: the header
 * timeout runs from the first byte of a request to the end of its headers (408 after); while a
 * body comes in, the body timeout runs between two reads and the body must average at least the
 * minimum rate over each window (408 after either); the idle timeout runs while a kept-alive
 * connection waits for its next request (closed after, silently: there is no request to answer),
 * and, once the connection carries a protocol-upgrade tunnel, while no byte crosses it.
 *
 * <p>Sits before the HTTP decoder so it sees raw bytes; the proxy tells it (through
 * {@link Http1EdgeActivity}) when headers are in, when the body is, when the gateway resumes
 * reading after pausing, and when the connection is idle again. One timer per connection, no
 * per-request scheduling; within a read, timer work waits for the read's end, so a request that
 * arrives whole in one read costs no clock read until it is answered.
 */
public final class ClientTimeoutHandler extends ChannelInboundHandlerAdapter {

    private enum State { IDLE, READING_HEADERS, READING_BODY, BUSY, TUNNEL }

    private static final double NANOS_PER_SECOND = 1e9;

    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final long minBodyRate;
    private final long rateWindowNanos;
    private ChannelHandlerContext ctx;
    private DeadlineTimer timer;
    private State state = State.IDLE;
    private long lastBodyReadNanos;
    // The current rate window: when it began, and the body bytes read since.
    private long windowStartNanos;
    private long windowBytes;
    // Inside a read burst, timer work waits for its end (channelReadComplete): a request whose
    // head and body come in one read then never reads the clock for them.
    private boolean inRead;
    private boolean headerArmPending;
    private boolean bodyStartPending;
    private boolean bodyReadPending;

    /**
     * @param minBodyRate     bytes per second a body must average over each window; 0 for no minimum
     * @param rateWindowNanos how long the body rate is averaged over
     */
    public ClientTimeoutHandler(long headerTimeoutNanos, long idleTimeoutNanos, long bodyTimeoutNanos,
                                long minBodyRate, long rateWindowNanos) {
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.bodyTimeoutNanos = bodyTimeoutNanos;
        this.minBodyRate = minBodyRate;
        this.rateWindowNanos = rateWindowNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timer = new DeadlineTimer(ctx.executor(), this::expired);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel();
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
        inRead = true;
        if (state == State.IDLE) {
            state = State.READING_HEADERS;
            headerArmPending = true;
        } else if (state == State.READING_BODY) {
            // Progress: the body timeout counts from the last read, not from the head.
            bodyReadPending = true;
            if (msg instanceof ByteBuf buf) {
                windowBytes += buf.readableBytes();
            }
        } else if (state == State.TUNNEL) {
            timer.armIn(idleTimeoutNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inRead = false;
        if (state == State.READING_HEADERS && headerArmPending) {
            timer.armIn(headerTimeoutNanos);
        } else if (state == State.READING_BODY && (bodyStartPending || bodyReadPending)) {
            long now = System.nanoTime();
            if (bodyStartPending) {
                windowStartNanos = now;
            }
            lastBodyReadNanos = now;
            armBodyDeadline(now);
        }
        headerArmPending = false;
        bodyStartPending = false;
        bodyReadPending = false;
        ctx.fireChannelReadComplete();
    }

    /**
     * Bytes held back after a declined upgrade's head are read now, as if they had just arrived:
     * if they start a request, its header timeout starts (this handler saw them long before).
     */
    void heldBytesReleased() {
        if (state == State.IDLE) {
            state = State.READING_HEADERS;
            timer.armIn(headerTimeoutNanos);
        }
    }

    /** A request's head is in: the body timeout and the first rate window start. */
    void requestReceived() {
        state = State.READING_BODY;
        headerArmPending = false;
        if (inRead) {
            // The window and the body timeout start at the end of this read.
            windowBytes = 0;
            bodyStartPending = true;
            return;
        }
        long now = System.nanoTime();
        lastBodyReadNanos = now;
        startWindow(now);
        armBodyDeadline(now);
    }

    /** The request's body is in whole: nothing is expected from the client until it is answered. */
    void requestBodyReceived() {
        state = State.BUSY;
        bodyStartPending = false;
        bodyReadPending = false;
        timer.disarm();
    }

    /** The connection waits for its next request. */
    void connectionIdle(long nowNanos) {
        state = State.IDLE;
        timer.armAt(nowNanos, idleTimeoutNanos);
    }

    /**
     * The gateway reads from the client again after pausing (backpressure): the paused time was
     * not the client's, so the rate is measured afresh from now.
     */
    void readingResumed() {
        if (state == State.READING_BODY) {
            long now = System.nanoTime();
            lastBodyReadNanos = now;
            startWindow(now);
            armBodyDeadline(now);
        }
    }

    /** The connection carries a tunnel now: only the idle timeout applies, to traffic either way. */
    void tunnelOpened() {
        state = State.TUNNEL;
        timer.armIn(idleTimeoutNanos);
    }

    /** Bytes crossed the tunnel from the backend: the idle timeout starts again. */
    void tunnelActive() {
        if (state == State.TUNNEL) {
            timer.armIn(idleTimeoutNanos);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
        ctx.fireChannelInactive();
    }

    private void startWindow(long now) {
        windowStartNanos = now;
        windowBytes = 0;
    }

    /** The timer fires at the body timeout after the last read, or at the window's end if sooner. */
    private void armBodyDeadline(long now) {
        long deadline = lastBodyReadNanos + bodyTimeoutNanos;
        if (minBodyRate > 0 && windowStartNanos + rateWindowNanos - deadline < 0) {
            deadline = windowStartNanos + rateWindowNanos;
        }
        timer.armIn(Math.max(deadline - now, 1));
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
                // Reading is paused by the gateway's own backpressure: the client is not late, and
                // the rate is measured afresh when reading resumes.
                timer.armIn(bodyTimeoutNanos);
                return;
            }
            ProxyFailure failure = bodyFailure(System.nanoTime());
            if (failure == null) {
                return;
            }
            if (proxy != null) {
                proxy.bodyTimedOut(failure);
                return;
            }
        }
        ctx.close();
    }

    /**
     * Why the body is too late at {@code now}: no read within the body timeout, or less than the
     * minimum rate over a whole window; null (and the timer re-armed) when neither.
     */
    private ProxyFailure bodyFailure(long now) {
        if (now - lastBodyReadNanos >= bodyTimeoutNanos) {
            return ProxyFailure.BODY_TIMEOUT;
        }
        long elapsed = now - windowStartNanos;
        if (minBodyRate > 0 && elapsed >= rateWindowNanos) {
            // Over the time that actually passed, so a late timer never makes a client look slow.
            if (windowBytes < minBodyRate * (elapsed / NANOS_PER_SECOND)) {
                return ProxyFailure.BODY_TOO_SLOW;
            }
            startWindow(now);
        }
        armBodyDeadline(now);
        return null;
    }
}
