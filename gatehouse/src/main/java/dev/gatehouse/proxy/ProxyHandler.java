package dev.gatehouse.proxy;

import dev.gatehouse.proxy.error.ProxyFailure;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import dev.gatehouse.upstream.UpstreamConnection;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connection's side of proxying: turns decoded requests into {@link ProxyExchange}s
 * one at a time, keeps pipelined requests queued until the one before has been answered (so
 * answers go out in order), and reads from the client only when the current step can take more.
 *
 * <p>The channel reads on its own ({@code AUTO_READ}) unless something asks it to pause: toggling
 * reads costs an {@code epoll_ctl} each time, so the common request/response cycle never
 * does; only backpressure, a slow connect or a deep pipeline pause it.
 */
public final class ProxyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private final ListenerContext listener;
    private final ClientActivity activity;
    private ChannelHandlerContext ctx;
    private InetSocketAddress clientAddress;
    private String clientIp;
    private ProxyExchange current;
    private ArrayDeque<Object> queued;
    private boolean closed;
    private int pauses;
    // The request after whose head the edge holds the client's bytes back (see UpgradeRequest).
    private HttpRequest upgradeHeld;

    /** Reasons to stop reading from the client; reading resumes when none is left. */
    static final int PAUSE_PIPELINE = 1;
    static final int PAUSE_UPSTREAM_FULL = 2;
    static final int PAUSE_CONNECTING = 4;
    static final int PAUSE_CLIENT_FULL = 8;
    static final int PAUSE_UPGRADE = 16;

    /** Pipelined parts queued beyond this pause reading until earlier requests are answered. */
    private static final int MAX_QUEUED = 32;

    public ProxyHandler(ListenerContext listener, ClientActivity activity) {
        this.listener = listener;
        this.activity = activity;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            clientAddress = remote;
            clientIp = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        } else {
            clientIp = "unknown";
        }
        listener.observer().onConnectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && UpgradeRequest.holdsFollowingBytes(request)) {
            // The edge holds what follows this head until it is answered; read no more meanwhile.
            upgradeHeld = request;
            pause(PAUSE_UPGRADE);
        }
        if ((current != null && current.isRequestComplete()) || (queued != null && !queued.isEmpty())) {
            // A pipelined request: it waits until every earlier one has been answered.
            if (queued == null) {
                queued = new ArrayDeque<>(4);
            }
            queued.add(msg);
            if (queued.size() > MAX_QUEUED) {
                pause(PAUSE_PIPELINE);
            }
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            activity.requestReceived();
            ProxyExchange exchange = new ProxyExchange(this, ctx, listener, clientAddress, clientIp);
            current = exchange;
            exchange.start(request);
            if (msg instanceof HttpContent content && current == exchange) {
                exchange.onRequestContent(content);
            } else if (msg instanceof HttpContent content) {
                content.release();
            }
        } else if (msg instanceof HttpContent content) {
            if (current != null) {
                current.onRequestContent(content);
            } else {
                // The rest of a request already answered (and closing): drop it.
                content.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (closed) {
            return;
        }
        if (current != null) {
            current.onClientReadComplete();
        }
    }

    /**
     * Called by the exchange once its response is fully written (or it gave up), at
     * {@code nowNanos} (a {@link System#nanoTime()} value it has just read).
     */
    void exchangeFinished(ProxyExchange exchange, boolean keepAlive, long nowNanos) {
        if (current != exchange) {
            return;
        }
        current = null;
        if (!keepAlive || closed) {
            closed = true;
            releaseQueued();
            return;
        }
        activity.connectionIdle(nowNanos);
        if (upgradeHeld != null && exchange.request() == upgradeHeld) {
            // No switch: what the client sent after that head is read as HTTP, strictly, as ever.
            upgradeHeld = null;
            activity.upgradeDeclined();
            resume(PAUSE_UPGRADE);
        }
        // Hand over the next request and all of its parts that are already here.
        while (queued != null && !queued.isEmpty() && !closed
                && (current == null || !current.isRequestComplete())) {
            dispatch(queued.poll());
        }
        if (closed) {
            releaseQueued();
            return;
        }
        // Whatever the previous exchange paused for is over.
        resume(PAUSE_UPSTREAM_FULL | PAUSE_CONNECTING);
        if (queued == null || queued.size() <= MAX_QUEUED) {
            resume(PAUSE_PIPELINE);
        }
        if (current == null) {
            if (!ctx.channel().isWritable()) {
                // The client is not reading our answers: take no new requests from it meanwhile.
                pause(PAUSE_CLIENT_FULL);
            }
        } else {
            // As if the queued parts had just been read: connect, flush.
            current.onClientReadComplete();
        }
    }

    /** Whether the edge holds back the bytes after {@code request}'s head, so that they may become a tunnel's. */
    boolean holdsBytesAfter(HttpRequest request) {
        return request == upgradeHeld;
    }

    /**
     * The backend switched protocols for {@code exchange}: the connection becomes a tunnel with
     * the backend connection {@code upstream}, after {@code switching} goes to the client. This
     * handler stays in the pipeline only to see the connection close.
     */
    void openTunnel(ProxyExchange exchange, FullHttpResponse switching, UpstreamConnection upstream) {
        if (current != exchange) {
            switching.release();
            upstream.release(false);
            return;
        }
        current = null;
        closed = true;
        upgradeHeld = null;
        releaseQueued();
        UpgradeTunnel.open(ctx, activity, switching, upstream);
    }

    /** Stops reading from the client for {@code reason} (one of the PAUSE_ bits). */
    void pause(int reason) {
        int before = pauses;
        pauses |= reason;
        if (before == 0 && pauses != 0) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Lifts {@code reasons}; reading resumes when no reason is left. */
    void resume(int reasons) {
        int before = pauses;
        pauses &= ~reasons;
        if (before != 0 && pauses == 0 && !closed) {
            ctx.channel().config().setAutoRead(true);
            activity.readingResumed();
        }
    }

    /** Stops taking anything more from this client; the exchange closes the channel. */
    void markClosing() {
        closed = true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resume(PAUSE_CLIENT_FULL);
            if (current != null) {
                current.onClientWritable();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.observer().onConnectionClosed();
        closed = true;
        ProxyExchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.onClientClosed();
        }
        releaseQueued();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed", clientIp, cause);
        ctx.close();
    }

    /**
     * The client left the current request's body waiting longer than the body timeout, or sent it
     * slower than the minimum rate ({@code failure} says which).
     */
    public void bodyTimedOut(ProxyFailure failure) {
        if (current != null) {
            current.onBodyTimeout(failure);
        } else {
            ctx.close();
        }
    }

    /** The current request's body is in whole. */
    void requestBodyReceived() {
        activity.requestBodyReceived();
    }

    /** Answers a request the edge rejected before any exchange began (e.g. header timeout). */
    public void rejectBeforeRequest(ProxyFailure failure) {
        if (current != null || closed) {
            ctx.close();
            return;
        }
        closed = true;
        ProxyExchange.writeFailureAndClose(ctx, failure, null);
    }

    /**
     * Answers {@code failure} for the request being read (the edge found its bytes malformed) and
     * closes: the current exchange answers it if it has not responded yet, else it is a new one.
     */
    public void rejectRequest(ProxyFailure failure) {
        ProxyExchange exchange = current;
        if (exchange != null && !closed && (queued == null || queued.isEmpty()) && !exchange.isRequestComplete()) {
            exchange.rejectFromEdge(failure); // a framing failure: it answers and closes
            return;
        }
        rejectBeforeRequest(failure);
    }

    private void releaseQueued() {
        if (queued != null) {
            Object o;
            while ((o = queued.poll()) != null) {
                ReferenceCountUtil.release(o);
            }
        }
    }
}
