package dev.gatehouse.proxy;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.exchange.ExchangeRecord;
import dev.gatehouse.exchange.RequestTarget;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.filter.RequestFilter;
import dev.gatehouse.proxy.error.ErrorResponses;
import dev.gatehouse.proxy.error.ProxyFailure;
import dev.gatehouse.config.RetryConfig.RetryOn;
import dev.gatehouse.proxy.retry.RetryPolicy;
import dev.gatehouse.runtime.CompiledPool;
import dev.gatehouse.runtime.CompiledRoute;
import dev.gatehouse.runtime.RuntimeSnapshot;
import dev.gatehouse.upstream.ConnectListener;
import dev.gatehouse.upstream.ConnectionWait;
import dev.gatehouse.upstream.ResponseReceiver;
import dev.gatehouse.upstream.ResponseHead;
import dev.gatehouse.upstream.UpstreamConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One request's trip through the gateway: route, pick, connect, stream the request up and the
 * response down with backpressure, and map every failure to one answer.
 *
 * <p>Confined to the client channel's event loop; the upstream connection lives on the same loop.
 * A failure before any response byte went out becomes an error response; after that, the only
 * honest signal left is closing the client connection.
 */
final class ProxyExchange implements ResponseReceiver, ConnectListener {

    private static final int MAX_STALE_RETRIES = 2;
    private static final int MAX_PENDING_BYTES = 64 * 1024;

    private final ProxyHandler connection;
    private final ChannelHandlerContext ctx;
    private final ListenerContext listener;
    // The client: the peer, or behind a trusted proxy the address it reported (resolveClient).
    private InetSocketAddress clientAddress;
    private String clientIp;
    private final String peerIp;
    private boolean fromTrustedProxy;

    private HttpRequest request;
    private String requestId;
    private boolean keepAlive;
    private boolean clientHttp10;
    private boolean headRequest;
    // The body goes to the backend chunked, as the client sent it.
    private boolean requestChunked;
    private boolean idempotent;
    private boolean hasBody;
    private boolean upstreamReusable;
    // The protocol the backend is asked to switch to (the route allows it), else null.
    private String upgrade;
    private CompiledPool pool;
    private PickContext pick;
    private Endpoint endpoint;
    private UpstreamConnection upstream;
    // Set while the endpoint is at its connection limit and this request waits for one.
    private ConnectionWait waiting;
    private ArrayDeque<HttpContent> pending;
    private long bodyBytes;
    private boolean requestComplete;
    // The response being forwarded, once its head came.
    private ResponseForwarder response;
    private boolean upstreamReadPaused;
    private boolean finished;
    private int staleRetries;
    private boolean lastConnectTimedOut;
    private RetryPolicy retry;
    private HeldBody held;
    private int retries;
    private boolean connectDeferred;
    private long pendingBytes;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private String routeName;
    private long sentNanos;
    // When the response head came, and whether the upstream read that brought it is still going:
    // then that clock reading also dates the response's end (a small response comes in one read).
    private long responseHeadNanos;
    private boolean responseHeadInRead;
    private long upstreamNanos = -1;
    private int status;

    ProxyExchange(ProxyHandler connection, ChannelHandlerContext ctx, ListenerContext listener,
                  InetSocketAddress clientAddress, String clientIp) {
        this.connection = connection;
        this.ctx = ctx;
        this.listener = listener;
        this.clientAddress = clientAddress;
        this.clientIp = clientIp;
        this.peerIp = clientIp;
    }

    /**
     * When the peer is one of the listener's trusted proxies, takes the client's address from its
     * {@code X-Forwarded-For}; filters (ACLs), hashing and the access log then use that address.
     * The port of such a client is unknown (0).
     */
    private void resolveClient(HttpHeaders h) {
        InetAddress peer = clientAddress == null ? null : clientAddress.getAddress();
        if (peer == null || !listener.trustedProxies().test(peer)) {
            return;
        }
        fromTrustedProxy = true;
        InetAddress client = ForwardedHeaders.clientBehindProxies(h, peer, listener.trustedProxies());
        if (!client.equals(peer)) {
            clientAddress = new InetSocketAddress(client, 0);
            clientIp = client.getHostAddress();
        }
    }

    boolean isRequestComplete() {
        return requestComplete;
    }

    HttpRequest request() {
        return request;
    }

    // ------------------------------------------------------------------ request side

    void start(HttpRequest req) {
        this.request = req;
        listener.observer().onExchangeStart();
        HttpHeaders h = req.headers();
        requestId = RequestIds.keepOrCreate(h.get(ErrorResponses.X_REQUEST_ID));
        resolveClient(h);
        keepAlive = HttpUtil.isKeepAlive(req);
        clientHttp10 = req.protocolVersion().minorVersion() == 0;
        headRequest = HttpMethod.HEAD.equals(req.method());

        hasBody = RequestFraming.hasBody(req);
        RequestAdmission admission = RequestAdmission.check(req, listener.maxBodyBytes(), listener.pathMode());
        if (admission.failure() != null) {
            fail(admission.failure());
            return;
        }
        if (admission.answer() != null) {
            reject(admission.answer());
            return;
        }
        RequestTarget target = admission.target();
        String authority = admission.authority();
        // Pin the snapshot: one volatile read; everything below uses this generation only.
        RuntimeSnapshot snapshot = listener.runtime().current();
        CompiledRoute route = snapshot.router().route(RequestTarget.hostWithoutPort(authority), target.path());
        if (route == null) {
            fail(ProxyFailure.NO_ROUTE);
            return;
        }
        routeName = route.name();
        RequestView view = new RequestView(req, target.path(), routeName, clientAddress);
        for (RequestFilter filter : route.filters()) {
            FilterResult result = filter.onRequest(view);
            if (!result.isContinue()) {
                reject(result);
                return;
            }
        }
        pool = route.pool();
        retry = route.retry();
        retry.requestReceived();
        idempotent = RequestFraming.isIdempotent(req.method());
        if (idempotent && retry.retriesAfterSend()) {
            held = new HeldBody();
        }
        // The chain gets the peer (the hop we saw), not the client resolved behind it.
        // Only when the edge holds the bytes after this head may they become a tunnel's.
        upgrade = connection.holdsBytesAfter(req) ? UpgradeRequest.protocolToForward(req, route.allowUpgrade()) : null;
        MessageRewriter.request(req, target, authority, peerIp, listener.scheme(), requestId, fromTrustedProxy);
        requestChunked = HttpUtil.isTransferEncodingChunked(req);
        if (upgrade != null) {
            UpgradeRequest.forward(h, upgrade);
        }
        pick = new PickContext(clientAddress, view);
        if (HttpUtil.is100ContinueExpected(req)) {
            // We answer "100 Continue" ourselves (as NGINX does): the backend never sees Expect.
            h.remove(HttpHeaderNames.EXPECT);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                    ctx.voidPromise());
        }
        // The pick and connect wait for the end of this read: whatever of the body came with the
        // head is then checked first, so a request that turns out malformed reaches no backend.
        connectDeferred = true;
    }

    void onRequestContent(HttpContent content) {
        if (finished) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // Bad chunking: what came before may be upstream already, so that connection dies
            // with the request and the backend never sees a complete one.
            content.release();
            if (responseStarted()) {
                abort();
            } else {
                fail(ProxyFailure.BAD_REQUEST);
            }
            return;
        }
        bodyBytes += content.content().readableBytes();
        long max = listener.maxBodyBytes();
        if (max > 0 && bodyBytes > max) {
            content.release();
            if (responseStarted()) {
                abort();
            } else {
                fail(ProxyFailure.BODY_TOO_LARGE);
            }
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
            connection.requestBodyReceived();
        }
        if (held != null) {
            held.hold(content);
        }
        if (upstream != null) {
            UpstreamRequestWriter.content(upstream.channel(), content, requestChunked);
            if (last) {
                upstream.requestSent();
            }
        } else if (!requestChunked && !content.content().isReadable()) {
            // Nothing to send for it (the end of a bodyless request, mostly): nothing to queue.
            content.release();
        } else {
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(content);
            pendingBytes += content.content().readableBytes();
            if (pendingBytes > MAX_PENDING_BYTES) {
                // Still connecting: hold a little of the body, then let the client wait.
                connection.pause(ProxyHandler.PAUSE_CONNECTING);
            }
        }
    }

    void onClientReadComplete() {
        if (finished) {
            return;
        }
        if (connectDeferred) {
            connectDeferred = false;
            connect();
            return;
        }
        if (upstream == null) {
            // While connecting we hold what already arrived and read no more.
            return;
        }
        Channel up = upstream.channel();
        up.flush();
        if (!requestComplete && !up.isWritable()) {
            // Read-after-write: the backend takes the body no faster than it drains.
            connection.pause(ProxyHandler.PAUSE_UPSTREAM_FULL);
        }
    }

    @Override
    public void onUpstreamWritable() {
        if (!finished) {
            connection.resume(ProxyHandler.PAUSE_UPSTREAM_FULL);
        }
    }

    // ------------------------------------------------------------------ connecting

    private void connect() {
        Endpoint next = pool.balancer().pick(pick);
        if (next == null) {
            if (pick.attempts() == 0) {
                fail(pool.balancer().snapshot().refusedByRequestLimit() ? ProxyFailure.CIRCUIT_OPEN
                        : ProxyFailure.NO_ENDPOINT);
            } else {
                fail(lastConnectTimedOut ? ProxyFailure.UPSTREAM_TIMEOUT : ProxyFailure.UPSTREAM_UNAVAILABLE);
            }
            return;
        }
        if (pick.attempts() > 0) {
            retries++;
        }
        endpoint = next;
        pick.markTried(next);
        waiting = listener.upstreams().acquire(ctx.channel().eventLoop(), pool.connections(next), pool.upstream(), this);
    }

    @Override
    public void onConnected(UpstreamConnection c) {
        waiting = null;
        if (finished) {
            // Nothing was written on it: it can serve someone else.
            c.release(true);
            return;
        }
        upstream = c;
        long perTry = retry.perTryTimeoutNanos();
        // The timeout is this exchange's: a pooled connection may have been opened by another pool.
        c.bind(this, perTry > 0 ? perTry : pool.upstream().responseTimeoutNanos(), headRequest);
        endpoint.state().requestStarted();
        long now = System.nanoTime();
        sentNanos = now;
        Channel up = c.channel();
        up.write(UpstreamRequestWriter.head(up.alloc(), request), up.voidPromise());
        if (pending != null) {
            HttpContent content;
            while ((content = pending.poll()) != null) {
                UpstreamRequestWriter.content(up, content, requestChunked);
            }
        }
        if (requestComplete) {
            c.requestSent(now);
        }
        pendingBytes = 0;
        up.flush();
        connection.resume(ProxyHandler.PAUSE_CONNECTING);
        if (!requestComplete && !up.isWritable()) {
            connection.pause(ProxyHandler.PAUSE_UPSTREAM_FULL);
        }
    }

    @Override
    public void onConnectFailed(Throwable cause, boolean timedOut) {
        endpoint.state().connectFailed();
        pool.passiveHealth().onFailure(endpoint);
        lastConnectTimedOut = timedOut;
        if (finished) {
            return;
        }
        if (retry.retriesConnectFailures()) {
            // Nothing was sent: every other endpoint may take the request (as NGINX does), and a
            // refused connect costs so little that it needs no budget.
            connect();
        } else {
            fail(timedOut ? ProxyFailure.UPSTREAM_TIMEOUT : ProxyFailure.UPSTREAM_UNAVAILABLE);
        }
    }

    @Override
    public void onRefused(boolean timedOut) {
        // The circuit breaker, not a failure of the endpoint: no health penalty, no retry.
        waiting = null;
        fail(timedOut ? ProxyFailure.PENDING_TIMEOUT : ProxyFailure.CIRCUIT_OPEN);
    }

    /**
     * Sends the request again to another endpoint after {@code outcome}, when that is safe and the
     * route allows it: no response byte went to the client, and the request is idempotent with
     * its whole body held. Returns false (and does nothing) otherwise.
     */
    private boolean retryAfterSend(RetryOn outcome) {
        if (!canRetryAfterSend(outcome) || !retry.allowsRetry(outcome, pick.attempts())) {
            return false;
        }
        resend();
        return true;
    }

    /** Sends the held request to the next endpoint; the previous try's connection is gone. */
    private void resend() {
        releasePending();
        pending = held.replay();
        connect();
    }

    // ------------------------------------------------------------------ response side

    /** Whether anything of the backend's response went to the client (its head, at least). */
    private boolean responseStarted() {
        return response != null;
    }

    @Override
    public void onResponseHead(ResponseHead head) {
        if (finished) {
            head.release();
            return;
        }
        int code = head.status();
        if (code == 101) {
            switchProtocols(head);
            return;
        }
        if (code < 200) {
            // Interim answers (100, 103) are dropped: we sent our own 100.
            head.release();
            return;
        }
        if (code >= 500) {
            pool.passiveHealth().onFailure(endpoint);
        } else {
            pool.passiveHealth().onSuccess(endpoint);
        }
        RetryOn outcome = RetryPolicy.outcomeOf(code);
        if (outcome != null && canRetryAfterSend(outcome) && retry.allowsRetry(outcome, pick.attempts())) {
            head.release();
            // Closing drops the rest of that response; nothing of it reached the client.
            dropUpstream(true);
            resend();
            return;
        }
        long now = System.nanoTime();
        responseHeadNanos = now;
        responseHeadInRead = true;
        upstreamNanos = now - sentNanos;
        endpoint.state().recordLatency(upstreamNanos, now);
        status = code;
        // A backend asked to switch protocols and declining may keep state for it: not reused.
        upstreamReusable = head.keepAlive() && upgrade == null;
        // Keep the connection only if the request was read whole: otherwise its unread rest would
        // be taken for the next request.
        boolean keep = keepAlive && requestComplete && !listener.runtime().isStopping();
        try {
            response = new ResponseForwarder(ctx, head, keep, clientHttp10, requestId, pick.affinityCookieToSet());
        } finally {
            head.release();
        }
    }

    @Override
    public void onResponseBody(ByteBuf piece) {
        if (finished || !responseStarted()) {
            // After a dropped interim or retried head: nothing of it goes to the client.
            piece.release();
            return;
        }
        response.body(piece);
    }

    @Override
    public void onResponseEnd() {
        if (!finished && responseStarted()) {
            responseComplete();
        }
    }

    /**
     * The backend answered 101: the connections become a tunnel ({@link UpgradeTunnel}) if this
     * request asked for exactly that protocol on a route that allows it, else 502 (a tunnel the
     * route did not allow is never opened).
     */
    private void switchProtocols(ResponseHead head) {
        HttpResponse response = head.toHttpResponse();
        head.release();
        if (upgrade == null || !requestComplete || !UpgradeRequest.accepts(response, upgrade)) {
            fail(ProxyFailure.UNEXPECTED_UPGRADE);
            return;
        }
        finished = true;
        status = 101;
        long now = System.nanoTime();
        upstreamNanos = now - sentNanos;
        endpoint.state().recordLatency(upstreamNanos, now);
        // The exchange ends here: a long-lived tunnel holds a connection, not a request in flight.
        endpoint.state().requestFinished(false);
        pool.passiveHealth().onSuccess(endpoint);
        UpstreamConnection up = upstream;
        upstream = null;
        releasePending();
        observe(null, now);
        connection.openTunnel(this, MessageRewriter.switchingProtocols(response, upgrade, requestId), up);
    }

    @Override
    public void onResponseReadComplete() {
        responseHeadInRead = false;
        if (finished) {
            return;
        }
        if (response != null) {
            response.writeHeld();
        }
        ctx.flush();
        if (!ctx.channel().isWritable()) {
            // Read-after-write: take no more of the response than the client drains.
            upstreamReadPaused = true;
            upstream.pauseReading();
        }
    }

    void onClientWritable() {
        if (!finished && upstreamReadPaused && upstream != null) {
            upstreamReadPaused = false;
            upstream.resumeReading();
        }
    }

    private void responseComplete() {
        finished = true;
        long now = responseHeadInRead ? responseHeadNanos : System.nanoTime();
        endpoint.state().requestFinished(false);
        UpstreamConnection up = upstream;
        upstream = null;
        up.release(upstreamReusable && requestComplete, now);
        if (held != null) {
            held.release();
        }
        observe(null, now);
        response.end();
        if (response.keepAlive()) {
            ctx.flush();
            connection.exchangeFinished(this, true, now);
        } else {
            connection.markClosing();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            connection.exchangeFinished(this, false, now);
        }
    }

    // ------------------------------------------------------------------ failures

    @Override
    public void onUpstreamLost(Throwable cause) {
        upstreamFailed(cause);
    }

    /** The upstream connection broke (closed, reset, or sent something that is not HTTP). */
    private void upstreamFailed(Throwable cause) {
        UpstreamConnection lost = upstream;
        upstream = null;
        if (lost != null) {
            lost.release(false);
        }
        if (finished) {
            return;
        }
        if (!responseStarted() && lost != null && lost.isReused() && !lost.hasResponseBytes() && idempotent
                && bodyBytes == 0 && requestComplete && staleRetries < MAX_STALE_RETRIES) {
            // A kept-alive connection the backend had already closed: the request never reached
            // it, and it has no body, so sending it again on a fresh connection is safe.
            staleRetries++;
            endpoint.state().requestFinished(false);
            waiting = listener.upstreams().acquire(ctx.channel().eventLoop(), pool.connections(endpoint),
                    pool.upstream(), this);
            return;
        }
        endpoint.state().requestFinished(true);
        pool.passiveHealth().onFailure(endpoint);
        if (retryAfterSend(RetryOn.RESET)) {
            return;
        }
        if (!responseStarted()) {
            fail(ProxyFailure.UPSTREAM_UNAVAILABLE);
        } else {
            abort();
        }
    }

    @Override
    public void onResponseTimeout() {
        upstream = null;
        if (finished) {
            return;
        }
        endpoint.state().requestFinished(true);
        pool.passiveHealth().onFailure(endpoint);
        if (retryAfterSend(RetryOn.GATEWAY_TIMEOUT)) {
            return;
        }
        if (!responseStarted()) {
            fail(ProxyFailure.UPSTREAM_TIMEOUT);
        } else {
            abort();
        }
    }

    /**
     * The edge found the rest of this request malformed (a bad chunk line or trailer): answer
     * {@code failure} and close if nothing of the response went out, else just close.
     */
    void rejectFromEdge(ProxyFailure failure) {
        if (finished) {
            return;
        }
        if (responseStarted()) {
            abort();
        } else {
            fail(failure);
        }
    }

    /** The client stalled or crawled mid-body: 408 if nothing of the response went out, else close. */
    void onBodyTimeout(ProxyFailure failure) {
        if (finished) {
            return;
        }
        if (responseStarted()) {
            abort();
        } else {
            fail(failure);
        }
    }

    /** The client went away: drop everything, give the upstream connection up. */
    void onClientClosed() {
        if (finished) {
            return;
        }
        finished = true;
        if (response != null) {
            response.discard();
        }
        releasePending();
        dropUpstream(false);
        observe("client-closed", System.nanoTime());
    }

    /** Answers {@code failure} (nothing of the response went out yet) and ends the exchange. */
    private void fail(ProxyFailure failure) {
        if (finished) {
            return;
        }
        boolean keep = mayKeepAlive(failure.keepsConnection());
        answer(ErrorResponses.of(failure, requestId, keep), failure.status().code(), failure.name(), keep);
    }

    /** Answers what a request filter decided instead of the backend. */
    private void reject(FilterResult result) {
        boolean keep = mayKeepAlive(true);
        answer(ErrorResponses.rejected(result.status(), result.headers(), requestId, keep), result.status().code(),
                result.reason(), keep);
    }

    /** Whether the connection may serve another request after the gateway answers this one itself. */
    private boolean mayKeepAlive(boolean failureAllowsIt) {
        // A bodyless request is whole once its head is in (its empty last part follows at once).
        return keepAlive && (requestComplete || !hasBody) && failureAllowsIt && !listener.runtime().isStopping();
    }

    /** Ends the exchange with the gateway's own answer (nothing of the response went out yet). */
    private void answer(FullHttpResponse reply, int code, String reason, boolean keep) {
        if (headRequest) {
            // The answer to HEAD is its head alone; Content-Length still tells the body's size.
            FullHttpResponse headOnly = reply.replace(Unpooled.EMPTY_BUFFER);
            reply.release();
            reply = headOnly;
        }
        finished = true;
        releasePending();
        dropUpstream(true);
        status = code;
        long now = System.nanoTime();
        observe(reason, now);
        if (keep) {
            ctx.writeAndFlush(reply, ctx.voidPromise());
            connection.exchangeFinished(this, true, now);
        } else {
            connection.markClosing();
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
            connection.exchangeFinished(this, false, now);
        }
    }

    /** The response already started: the only way to tell the client it is broken is to close. */
    private void abort() {
        finished = true;
        if (response != null) {
            response.writeHeld();
        }
        releasePending();
        dropUpstream(true);
        long now = System.nanoTime();
        observe("aborted", now);
        connection.markClosing();
        ctx.flush();
        ctx.close();
        connection.exchangeFinished(this, false, now);
    }

    /** Reports the finished exchange to the listener's observer, as ended at {@code nowNanos}. */
    private void observe(String failure, long nowNanos) {
        ExchangeObserver observer = listener.observer();
        if (observer == ExchangeObserver.NONE) {
            return;
        }
        observer.onExchangeComplete(new ExchangeRecord(startMillis, requestId, clientIp, request.method().name(),
                request.uri(), status, bodyBytes, response == null ? 0 : response.bodyBytes(), routeName,
                pool == null ? null : pool.name(),
                endpoint == null ? null : endpoint.name(), upstreamNanos, nowNanos - startNanos, retries,
                failure));
    }

    static void writeFailureAndClose(ChannelHandlerContext ctx, ProxyFailure failure, String requestId) {
        ctx.writeAndFlush(ErrorResponses.of(failure, requestId, false)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Whether {@link #retryAfterSend} would go ahead for {@code outcome} (without taking budget). */
    private boolean canRetryAfterSend(RetryOn outcome) {
        return !finished && !responseStarted() && idempotent && requestComplete && held != null
                && held.isReplayable() && retry.mayRetry(outcome, pick.attempts());
    }

    /**
     * Gives the upstream connection up (closed, never reused) and ends its request's count; a
     * request still waiting for a connection leaves the queue.
     */
    private void dropUpstream(boolean failed) {
        if (waiting != null) {
            waiting.cancel();
            waiting = null;
        }
        UpstreamConnection up = upstream;
        if (up != null) {
            upstream = null;
            endpoint.state().requestFinished(failed);
            up.release(false);
        }
    }

        private void releasePending() {
        if (held != null && finished) {
            held.release();
        }
        if (pending != null) {
            HttpContent c;
            while ((c = pending.poll()) != null) {
                c.release();
            }
        }
    }
}
