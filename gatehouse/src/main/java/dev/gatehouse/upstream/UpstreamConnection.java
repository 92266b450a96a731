package dev.gatehouse.upstream;

import dev.gatehouse.runtime.DeadlineTimer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One keep-alive connection to a backend: the last handler of its pipeline, it forwards the
 * responses {@link ResponseParser} reads to the exchange it is lent to, enforces the response and idle timeouts, and goes
 * back to its event loop's {@link LoopConnectionPool} when released (or straight to a request of
 * that loop waiting for a connection to its endpoint). It holds one of its endpoint's connection
 * slots from before it is opened until its channel closes.
 *
 * <p>Confined to one event loop (the one of the inbound connection that opened it).
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final LoopConnectionPool pool;
    private final EndpointConnections endpoint;
    private final UpstreamSettings settings;
    private final ResponseParser parser;
    // Given back once, whether the channel closed or never got that far.
    private final AtomicBoolean holdsSlot = new AtomicBoolean(true);
    private Channel channel;
    private DeadlineTimer timer;
    private ResponseReceiver receiver;
    private long responseTimeoutNanos;
    private boolean reused;
    private boolean idle;
    private Throwable failure;

    UpstreamConnection(LoopConnectionPool pool, EndpointConnections endpoint, UpstreamSettings settings,
            ResponseParser parser) {
        this.pool = pool;
        this.endpoint = endpoint;
        this.settings = settings;
        this.parser = parser;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        timer = new DeadlineTimer(ctx.executor(), this::onTimeout);
    }

    /**
     * Takes the HTTP parser off a backend connection that switched protocols; what it
     * read after the 101 goes on to the handler that replaced this one.
     */
    public static void removeResponseParser(Channel channel) {
        channel.pipeline().remove(ResponseParser.class);
    }

    public Channel channel() {
        return channel;
    }

    public InetSocketAddress address() {
        return endpoint.address();
    }

    /** The endpoint whose connection slot this connection holds. */
    EndpointConnections endpoint() {
        return endpoint;
    }

    /** The channel closed (or could not be opened): its slot goes back to the endpoint. */
    void giveBackSlot() {
        if (holdsSlot.compareAndSet(true, false)) {
            endpoint.slotFreed();
        }
    }

    /** Whether this connection already served a request (a stale keep-alive may fail at once). */
    public boolean isReused() {
        return reused;
    }

    /** Whether the backend sent anything since this loan began (then a failure is not a stale connection). */
    public boolean hasResponseBytes() {
        return parser.receivedBytes();
    }

    /**
     * Lends the connection to {@code r}: responses and failures go there until {@link #release}.
     *
     * @param timeoutNanos the response timeout for this loan, or 0 for the pool's
     * @param headRequest  whether the request is a HEAD (its response has no body)
     */
    public void bind(ResponseReceiver r, long timeoutNanos, boolean headRequest) {
        receiver = r;
        parser.expectResponseTo(headRequest);
        responseTimeoutNanos = timeoutNanos > 0 ? timeoutNanos : settings.responseTimeoutNanos();
        idle = false;
        timer.disarm();
    }

    /** The whole request is sent: from now on the backend has the response timeout per read. */
    public void requestSent() {
        timer.armIn(responseTimeoutNanos);
    }

    /** Like {@link #requestSent()}, with the clock the caller has just read ({@link System#nanoTime()}). */
    public void requestSent(long nowNanos) {
        timer.armAt(nowNanos, responseTimeoutNanos);
    }

    /**
     * Stops reading the response because the client is slow (read-after-write backpressure);
     * the response timeout pauses too, since the delay is not the backend's.
     */
    public void pauseReading() {
        timer.disarm();
        channel.config().setAutoRead(false);
    }

    /** Reads the response again after {@link #pauseReading}. */
    public void resumeReading() {
        timer.armIn(responseTimeoutNanos);
        channel.config().setAutoRead(true);
    }

    /**
     * Ends the loan. A reusable connection (whole request sent, whole response read, keep-alive)
     * goes to a request of this loop waiting for a connection to the endpoint, else back to the
     * pool; any other is closed.
     */
    public void release(boolean reusable) {
        release(reusable, System.nanoTime());
    }

    /** Like {@link #release(boolean)}, with the clock the caller has just read ({@link System#nanoTime()}). */
    public void release(boolean reusable, long nowNanos) {
        receiver = null;
        if (reusable && channel.isActive()) {
            reused = true;
            // Reading on: for the next response, or while idle, to notice a backend that closes the
            // connection before we reuse it.
            channel.config().setAutoRead(true);
            if (pool.handOver(this)) {
                return;
            }
            if (pool.offer(this, settings.maxIdlePerLoop())) {
                idle = true;
                timer.armAt(nowNanos, settings.idleTimeoutNanos());
                return;
            }
        }
        timer.cancel();
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ResponseReceiver r = receiver;
        if (r == null) {
            // Bytes on an idle connection are not a response to anything of ours: drop it.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof ByteBuf piece) {
            r.onResponseBody(piece);
        } else if (msg instanceof ResponseHead head) {
            r.onResponseHead(head);
        } else if (msg == ResponseParser.END) {
            r.onResponseEnd();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ResponseReceiver r = receiver;
        if (r != null) {
            // The response timeout runs from the last read: once per read burst, not per piece.
            timer.armIn(responseTimeoutNanos);
            r.onResponseReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ResponseReceiver r = receiver;
        if (r != null && ctx.channel().isWritable()) {
            r.onUpstreamWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
        if (idle) {
            pool.remove(this);
            idle = false;
        }
        ResponseReceiver r = receiver;
        receiver = null;
        if (r != null) {
            r.onUpstreamLost(failure);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    private void onTimeout() {
        ResponseReceiver r = receiver;
        if (r != null) {
            receiver = null;
            channel.close();
            r.onResponseTimeout();
        } else {
            channel.close();
        }
    }
}
