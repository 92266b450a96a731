package dev.gatehouse.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.config.reload.ConfigReloader.WeightChange;
import dev.gatehouse.config.reload.ReloadResult;
import dev.gatehouse.runtime.CompiledPool;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one admin connection's requests: checks the bearer token, finds the resource and method,
 * and replies with JSON (or the Prometheus text). Changes that compile a snapshot (reload, weight)
 * run on the reloader's thread; the connection stops reading until their answer is written.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String BEARER = "Bearer ";

    private final AdminContext admin;
    private final byte[] token;

    /** An answer: status, body, its content type, and an {@code Allow} header for a 405. */
    private record Reply(HttpResponseStatus status, byte[] body, String contentType, String allow) {
    }

    AdminHandler(AdminContext admin) {
        this.admin = admin;
        this.token = admin.token() == null ? null : admin.token().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(ctx, error(HttpResponseStatus.BAD_REQUEST, "the request cannot be parsed"), false);
            return;
        }
        Object reply;
        try {
            reply = dispatch(request);
        } catch (RuntimeException e) {
            log.warn("admin: {} {} failed", request.method(), request.uri(), e);
            reply = error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
        if (reply instanceof CompletableFuture<?> future) {
            // Read nothing more until this answer is out, so answers keep the requests' order.
            ctx.channel().config().setAutoRead(false);
            future.handle((value, failure) -> {
                Reply r = failure == null ? (Reply) value : failed(failure);
                write(ctx, r, keepAlive);
                ctx.channel().config().setAutoRead(true);
                return null;
            });
        } else {
            write(ctx, (Reply) reply, keepAlive);
        }
    }

    /** A {@link Reply}, or a CompletableFuture of one. */
    private Object dispatch(FullHttpRequest request) {
        HttpMethod method = request.method();
        List<String> path = segments(new QueryStringDecoder(request.uri()).rawPath());
        String joined = "/" + String.join("/", path);
        switch (joined) {
            case "/healthz":
                return only(method, "GET", () -> json(HttpResponseStatus.OK, Map.of("status", "ok")));
            case "/readyz":
                return only(method, "GET", () -> {
                    String reason = AdminViews.notReadyReason(admin);
                    return reason == null
                            ? json(HttpResponseStatus.OK, Map.of("status", "ready"))
                            : json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("status", "not ready", "reason", reason));
                });
            default:
                break;
        }
        if (!authorized(request)) {
            return error(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token (send: Authorization: Bearer TOKEN)");
        }
        if (joined.equals("/metrics")) {
            return only(method, "GET", this::metrics);
        }
        if (path.size() < 2 || !path.get(0).equals("api")) {
            return notFound(joined);
        }
        String resource = path.get(1);
        if (resource.equals("status") && path.size() == 2) {
            return only(method, "GET", () -> json(HttpResponseStatus.OK, AdminViews.status(admin)));
        }
        if (resource.equals("reload") && path.size() == 2) {
            return only(method, "POST", this::reload);
        }
        if (resource.equals("pools")) {
            return pools(method, path, request);
        }
        return notFound(joined);
    }

    private Object pools(HttpMethod method, List<String> path, FullHttpRequest request) {
        if (path.size() == 2) {
            return only(method, "GET", () -> json(HttpResponseStatus.OK, AdminViews.pools(admin)));
        }
        String pool = path.get(2);
        if (path.size() == 3) {
            return only(method, "GET", () -> {
                Map<String, Object> view = AdminViews.pool(admin, pool);
                return view == null ? error(HttpResponseStatus.NOT_FOUND, "pool \"" + pool + "\" does not exist")
                        : json(HttpResponseStatus.OK, view);
            });
        }
        if (path.size() != 6 || !path.get(3).equals("endpoints")) {
            return notFound("/" + String.join("/", path));
        }
        String endpoint = path.get(4);
        return switch (path.get(5)) {
            case "drain" -> only(method, "POST", () -> drain(pool, endpoint, true));
            case "enable" -> only(method, "POST", () -> drain(pool, endpoint, false));
            case "weight" -> weight(method, pool, endpoint, request);
            default -> notFound("/" + String.join("/", path));
        };
    }

    /** Drains or enables an endpoint: a flag on its live state, so no snapshot is compiled. */
    private Reply drain(String pool, String name, boolean draining) {
        CompiledPool compiled = admin.runtime().get().pool(pool);
        if (compiled == null) {
            return error(HttpResponseStatus.NOT_FOUND, "pool \"" + pool + "\" does not exist");
        }
        Endpoint endpoint = compiled.balancer().snapshot().find(name);
        if (endpoint == null) {
            return error(HttpResponseStatus.NOT_FOUND, "pool \"" + pool + "\" has no endpoint \"" + name + "\"");
        }
        endpoint.state().setDraining(draining);
        log.info("pools.{}.{}: {} by an operator ({} in flight)", pool, name, draining ? "drained" : "enabled",
                endpoint.state().inFlight());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pool", pool);
        out.put("endpoint", name);
        out.put("draining", endpoint.state().isDraining());
        out.put("ready", endpoint.isReady());
        out.put("in_flight", endpoint.state().inFlight());
        return json(HttpResponseStatus.OK, out);
    }

    /** {@code PUT} sets an operator's weight ({@code {"weight": N}}); {@code DELETE} goes back to the file's. */
    private Object weight(HttpMethod method, String pool, String endpoint, FullHttpRequest request) {
        Integer weight;
        if (method.equals(HttpMethod.PUT)) {
            weight = parseWeight(request);
            if (weight == null) {
                return error(HttpResponseStatus.BAD_REQUEST, "body: expected {\"weight\": N} with N a whole number in 1..10000");
            }
        } else if (method.equals(HttpMethod.DELETE)) {
            weight = null;
        } else {
            return new Reply(HttpResponseStatus.METHOD_NOT_ALLOWED, body(Map.of("error",
                    method.name() + " is not allowed here (allowed: PUT, DELETE)")), JSON_TYPE, "PUT, DELETE");
        }
        try {
            return admin.reloader().setWeight(pool, endpoint, weight).thenApply(AdminHandler::weightReply);
        } catch (IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static Integer parseWeight(FullHttpRequest request) {
        try {
            JsonNode node = JSON.readTree(ByteBufUtil.getBytes(request.content()));
            JsonNode weight = node == null ? null : node.get("weight");
            if (weight == null || !weight.isIntegralNumber() || !weight.canConvertToInt()) {
                return null;
            }
            return weight.intValue();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Reply weightReply(WeightChange change) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pool", change.pool());
        out.put("endpoint", change.endpoint());
        out.put("weight", change.weight());
        out.put("configured_weight", change.configuredWeight());
        out.put("overridden", change.overridden());
        out.put("generation", change.generation());
        return json(HttpResponseStatus.OK, out);
    }

    private Reply metrics() {
        if (admin.metrics() == null) {
            return error(HttpResponseStatus.NOT_FOUND, "metrics are off (admin.metrics: false)");
        }
        return new Reply(HttpResponseStatus.OK, admin.metrics().scrape().getBytes(StandardCharsets.UTF_8),
                PROMETHEUS_TYPE, null);
    }

    private Object reload() {
        if (admin.reloader().file() == null) {
            return error(HttpResponseStatus.CONFLICT, "the gateway was started without a config file: there is nothing to reload");
        }
        return admin.reloader().reloadFile("api").thenApply(AdminHandler::reloadReply);
    }

    private static Reply reloadReply(ReloadResult result) {
        // A refused file is the caller's to fix: 422, so that `curl -f` and scripts notice.
        return json(result.ok() ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY,
                AdminViews.reload(result));
    }

    private boolean authorized(FullHttpRequest request) {
        if (token == null) {
            return true;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, token); // constant time: the token must not leak by timing
    }

    // ------------------------------------------------------------------ replies

    private interface Action {
        Object run();
    }

    private static Object only(HttpMethod method, String allowed, Action action) {
        if (!method.name().equals(allowed)) {
            return new Reply(HttpResponseStatus.METHOD_NOT_ALLOWED, body(Map.of("error",
                    method.name() + " is not allowed here (allowed: " + allowed + ")")), JSON_TYPE, allowed);
        }
        return action.run();
    }

    private static Reply notFound(String path) {
        return error(HttpResponseStatus.NOT_FOUND, "no such resource: " + path);
    }

    static Reply error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", message));
    }

    private static Reply failed(Throwable failure) {
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

    static Reply json(HttpResponseStatus status, Object value) {
        return new Reply(status, body(value), JSON_TYPE, null);
    }

    private static byte[] body(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void write(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (reply.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, reply.allow());
        }
        if (reply.status() == HttpResponseStatus.UNAUTHORIZED) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"");
        }
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The decoded, non-empty segments of a raw path: {@code /api/pools/a%20b} → [api, pools, a b]. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(QueryStringDecoder.decodeComponent(s));
            }
        }
        return out;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection failed", cause);
        ctx.close();
    }
}
