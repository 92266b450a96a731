package dev.gatehouse.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin API answer: its status, body and content type (and the {@code Allow} header of a
 * 405); errors are JSON {@code {"error": "..."}}.
 */
record AdminReply(HttpResponseStatus status, byte[] body, String contentType, String allow) {

    private static final Logger log = LoggerFactory.getLogger(AdminReply.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    static AdminReply json(HttpResponseStatus status, Object value) {
        try {
            return new AdminReply(status, JSON.writeValueAsBytes(value), JSON_TYPE, null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static AdminReply error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", message));
    }

    static AdminReply notFound(String path) {
        return error(HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
    }

    static AdminReply methodNotAllowed(HttpMethod method, String allowed) {
        AdminReply r = error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                method.name() + " is not allowed here (allowed: " + allowed + ")");
        return new AdminReply(r.status(), r.body(), r.contentType(), allowed);
    }

    /** The answer to a change that failed on the reloader's thread: its exception's type tells the status. */
    static AdminReply failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof NoSuchElementException) {
            return error(HttpResponseStatus.NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            return error(HttpResponseStatus.BAD_REQUEST, cause.getMessage());
        }
        if (cause instanceof IllegalStateException) {
            return error(HttpResponseStatus.CONFLICT, cause.getMessage());
        }
        log.warn("admin: a change failed", cause);
        return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** Writes the answer (from any thread); closes the connection after it unless {@code keepAlive}. */
    void write(ChannelHandlerContext ctx, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (allow != null) {
            response.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        if (status.code() == HttpResponseStatus.UNAUTHORIZED.code()) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"");
        }
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
