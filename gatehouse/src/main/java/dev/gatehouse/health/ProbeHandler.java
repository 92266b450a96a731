package dev.gatehouse.health;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * Sends one HTTP health probe request when its connection opens and reports the status of the
 * response head, or why there was none. Releases every message it reads: only the status
 * matters, so no body is ever kept.
 */
final class ProbeHandler extends ChannelInboundHandlerAdapter {

    /** Hears the outcome of one probe, once. */
    interface Result {
        void status(int status);

        void failure(String reason);
    }

    private final HttpRequest request;
    private final Result result;
    private boolean reported;

    ProbeHandler(HttpRequest request, Result result) {
        this.request = request;
        this.result = result;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                report(null, "cannot send the request: " + describe(f.cause()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                if (response.decoderResult().isFailure()) {
                    report(null, "malformed response: " + describe(response.decoderResult().cause()));
                } else {
                    report(response.status().code(), null);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        report(null, "connection closed before a response");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        report(null, describe(cause));
        ctx.close();
    }

    private void report(Integer status, String failure) {
        if (reported) {
            return;
        }
        reported = true;
        if (status != null) {
            result.status(status);
        } else {
            result.failure(failure);
        }
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
