package dev.gatehouse.demo;

import dev.gatehouse.demo.DemoRequest.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves one client connection of a {@link DemoBackend}: requests are answered one at a time,
 * in the order they arrived, and bodies stream through without being aggregated.
 *
 * <p>Reading follows {@code AUTO_READ}, which this handler switches off while a request has been
 * read completely but its response is still being produced ({@code /slow}, {@code /bytes}), so a
 * pipelined request waits its turn; and while an echo cannot write, so an upload never runs
 * ahead of its download by more than one read. Everything here runs on the connection's event loop.
 */
final class DemoHandler extends ChannelInboundHandlerAdapter {

    private final String backend;
    /** Messages of requests that arrived, pipelined, while the previous response was being produced. */
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();

    private HttpRequest request;            // the request being served; null between requests
    private DemoRequest asked;              // what it asks for
    private boolean requestRead;            // its last content has arrived
    private long bytesLeft;                 // of a /bytes answer
    private ScheduledFuture<?> timer;       // of a /slow answer
    private boolean pumping;
    private boolean draining;
    private boolean closed;                 // framing failed or the channel is gone: discard everything

    DemoHandler(String backend) {
        this.backend = backend;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed || !(msg instanceof HttpObject object)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!waiting.isEmpty() || (request != null && requestRead)) {
            waiting.add(object);
        } else {
            handle(ctx, object);
        }
        updateAutoRead(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Writes made while reading are flushed once per read, so pipelined answers share a syscall.
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (request != null && requestRead && asked.kind() == Kind.BYTES) {
            pump(ctx);
        }
        updateAutoRead(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discard();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Mostly clients resetting connections; a demo backend has nobody to report them to.
        discard();
        ctx.close();
    }

    private void handle(ChannelHandlerContext ctx, HttpObject object) {
        if (object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(object);
            rejectFraming(ctx);
            return;
        }
        if (object instanceof HttpRequest next) {
            begin(ctx, next);
        }
        if (object instanceof HttpContent content) {
            if (request == null) {
                content.release();
            } else {
                receive(ctx, content);
            }
        }
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest next) {
        request = next;
        asked = DemoRequest.of(next);
        requestRead = false;
        if (HttpUtil.is100ContinueExpected(next)) {
            // Sent only now, when the request's turn has come, so it never jumps ahead of an earlier answer.
            ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        if (asked.kind() == Kind.ECHO) {
            ctx.write(DemoResponses.echoHead(next, backend));
        }
    }

    private void receive(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (asked.kind() == Kind.ECHO) {
            // The request's buffer becomes the response's: ownership passes to the write, which releases it.
            ByteBuf data = content.content();
            ctx.write(last ? new DefaultLastHttpContent(data) : new DefaultHttpContent(data));
        } else {
            content.release();
        }
        if (last) {
            requestRead = true;
            answer(ctx);
        }
    }

    private void answer(ChannelHandlerContext ctx) {
        Kind kind = asked.kind();
        if (kind == Kind.ECHO) {
            finish(ctx); // the last content went out with the request's last content
        } else if (kind == Kind.SLOW && asked.problem() == null) {
            // Scheduled on this connection's event loop: waiting never blocks a thread.
            timer = ctx.executor().schedule(() -> {
                timer = null;
                if (!closed) {
                    respond(ctx);
                    ctx.flush();
                    updateAutoRead(ctx);
                }
            }, asked.amount(), TimeUnit.MILLISECONDS);
        } else if (kind == Kind.BYTES && asked.problem() == null) {
            bytesLeft = HttpMethod.HEAD.equals(request.method()) ? 0 : asked.amount();
            ctx.write(DemoResponses.bytesHead(request, backend, asked.amount()));
            pump(ctx);
        } else {
            respond(ctx);
        }
    }

    /** Writes the JSON answer for the current request and moves on to the next one. */
    private void respond(ChannelHandlerContext ctx) {
        Map<String, Object> body;
        if (asked.problem() != null) {
            body = DemoResponses.describe(backend, request);
            body.put("error", asked.problem());
        } else if (asked.kind() == Kind.HEALTH) {
            body = DemoResponses.health(backend);
        } else {
            body = DemoResponses.describe(backend, request);
        }
        ctx.write(DemoResponses.json(ctx.alloc(), request, asked.answerStatus(), backend, body));
        finish(ctx);
    }

    /** Writes generated body chunks while the channel is writable; a writability change resumes it. */
    private void pump(ChannelHandlerContext ctx) {
        if (pumping) {
            return; // re-entered from a writability event our own flush fired: the loop below goes on
        }
        pumping = true;
        try {
            while (bytesLeft > 0 && ctx.channel().isWritable()) {
                int length = (int) Math.min(bytesLeft, DemoResponses.FILLER_CHUNK);
                bytesLeft -= length;
                ctx.writeAndFlush(new DefaultHttpContent(DemoResponses.filler(length)));
            }
        } finally {
            pumping = false;
        }
        if (bytesLeft == 0 && !closed && request != null) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            finish(ctx);
        }
    }

    /** Ends the current exchange and serves the requests that were waiting behind it. */
    private void finish(ChannelHandlerContext ctx) {
        request = null;
        asked = null;
        if (draining) {
            return; // finished while draining: the loop below continues with the next message
        }
        draining = true;
        try {
            while (!closed && !waiting.isEmpty() && (request == null || !requestRead)) {
                handle(ctx, waiting.poll());
            }
        } finally {
            draining = false;
        }
    }

    private void updateAutoRead(ChannelHandlerContext ctx) {
        boolean wanted = !closed && waiting.isEmpty()
                && (request == null || !requestRead && (asked.kind() != Kind.ECHO || ctx.channel().isWritable()));
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != wanted) {
            config.setAutoRead(wanted);
        }
    }

    /** Answers 400 and closes when a request could not be framed; only closes when an echo is under way. */
    private void rejectFraming(ChannelHandlerContext ctx) {
        boolean responseStarted = request != null && asked.kind() == Kind.ECHO;
        discard();
        if (responseStarted) {
            ctx.close();
        } else {
            ctx.writeAndFlush(DemoResponses.badFraming(ctx.alloc(), backend)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Stops serving this connection and releases everything still held. */
    private void discard() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        HttpObject object;
        while ((object = waiting.poll()) != null) {
            ReferenceCountUtil.release(object);
        }
        request = null;
        asked = null;
        bytesLeft = 0;
    }
}
