package dev.gatehouse.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.config.reload.ConfigReloader.WeightChange;
import dev.gatehouse.config.reload.ReloadResult;
import dev.gatehouse.runtime.CompiledPool;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String BEARER = "Bearer ";

    private final AdminContext admin;
    private final byte[] token;

    AdminHandler(AdminContext admin) {
        this.admin = admin;
        this.token = admin.token() == null ? null : admin.token().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            AdminReply.error(HttpResponseStatus.BAD_REQUEST, "the request cannot be parsed").write(ctx, false);
            return;
        }
        Object reply;
        try {
            reply = dispatch(request);
        } catch (RuntimeException e) {
            log.warn("admin: {} {} failed", request.method(), request.uri(), e);
            reply = AdminReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
        if (reply instanceof CompletableFuture<?> future) {
            // Read nothing more until this answer is out, so answers keep the requests' order.
            ctx.channel().config().setAutoRead(false);
            future.handle((value, failure) -> {
                AdminReply r = failure == null ? (AdminReply) value : AdminReply.failed(failure);
                r.write(ctx, keepAlive);
                ctx.channel().config().setAutoRead(true);
                return null;
            });
        } else {
            ((AdminReply) reply).write(ctx, keepAlive);
        }
    }

    /** An {@link AdminReply}, or a CompletableFuture of one. */
    private Object dispatch(FullHttpRequest request) {
        HttpMethod method = request.method();
        List<String> path = segments(new QueryStringDecoder(request.uri()).rawPath());
        String joined = "/" + String.join("/", path);
        switch (joined) {
            case "/healthz":
                return only(method, "GET", () -> AdminReply.json(HttpResponseStatus.OK, Map.of("status", "ok")));
            case "/readyz":
                return only(method, "GET", () -> {
                    String reason = AdminViews.notReadyReason(admin);
                    return reason == null
                            ? AdminReply.json(HttpResponseStatus.OK, Map.of("status", "ready"))
                            : AdminReply.json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("status", "not ready", "reason", reason));
                });
            default:
                break;
        }
        if (!authorized(request)) {
            return AdminReply.error(HttpResponseStatus.UNAUTHORIZED, "missing or wrong bearer token (send: Authorization: Bearer TOKEN)");
        }
        if (joined.equals("/metrics")) {
            return only(method, "GET", this::metrics);
        }
        if (path.size() < 2 || !path.get(0).equals("api")) {
            return AdminReply.notFound(joined);
        }
        String resource = path.get(1);
        if (resource.equals("status") && path.size() == 2) {
            return only(method, "GET", () -> AdminReply.json(HttpResponseStatus.OK, AdminViews.status(admin)));
        }
        if (resource.equals("reload") && path.size() == 2) {
            return only(method, "POST", this::reload);
        }
        if (resource.equals("pools")) {
            return pools(method, path, request);
        }
        return AdminReply.notFound(joined);
    }

    private Object pools(HttpMethod method, List<String> path, FullHttpRequest request) {
        if (path.size() == 2) {
            return only(method, "GET", () -> AdminReply.json(HttpResponseStatus.OK, AdminViews.pools(admin)));
        }
        String pool = path.get(2);
        if (path.size() == 3) {
            return only(method, "GET", () -> {
                Map<String, Object> view = AdminViews.pool(admin, pool);
                return view == null ? AdminReply.error(HttpResponseStatus.NOT_FOUND, "pool \"" + pool + "\" does not exist")
                        : AdminReply.json(HttpResponseStatus.OK, view);
            });
        }
        if (path.size() != 6 || !path.get(3).equals("endpoints")) {
            return AdminReply.notFound("/" + String.join("/", path));
        }
        String endpoint = path.get(4);
        return switch (path.get(5)) {
            case "drain" -> only(method, "POST", () -> drain(pool, endpoint, true));
            case "enable" -> only(method, "POST", () -> drain(pool, endpoint, false));
            case "weight" -> weight(method, pool, endpoint, request);
            default -> AdminReply.notFound("/" + String.join("/", path));
        };
    }

    /** Drains or enables an endpoint: a flag on its live state, so no snapshot is compiled. */
    private AdminReply drain(String pool, String name, boolean draining) {
        CompiledPool compiled = admin.runtime().get().pool(pool);
        if (compiled == null) {
            return AdminReply.error(HttpResponseStatus.NOT_FOUND, "pool \"" + pool + "\" does not exist");
        }
        Endpoint endpoint = compiled.balancer().snapshot().find(name);
        if (endpoint == null) {
            return AdminReply.error(HttpResponseStatus.NOT_FOUND, "pool \"" + pool + "\" has no endpoint \"" + name + "\"");
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
        return AdminReply.json(HttpResponseStatus.OK, out);
    }

    /** {@code PUT} sets an operator's weight ({@code {"weight": N}}); {@code DELETE} goes back to the file's. */
    private Object weight(HttpMethod method, String pool, String endpoint, FullHttpRequest request) {
        Integer weight;
        if (method.equals(HttpMethod.PUT)) {
            weight = parseWeight(request);
            if (weight == null) {
                return AdminReply.error(HttpResponseStatus.BAD_REQUEST, "body: expected {\"weight\": N} with N a whole number in 1..10000");
            }
        } else if (method.equals(HttpMethod.DELETE)) {
            weight = null;
        } else {
            return AdminReply.methodNotAllowed(method, "PUT, DELETE");
        }
        try {
            return admin.reloader().setWeight(pool, endpoint, weight).thenApply(AdminHandler::weightReply);
        } catch (IllegalArgumentException e) {
            return AdminReply.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
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

    private static AdminReply weightReply(WeightChange change) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pool", change.pool());
        out.put("endpoint", change.endpoint());
        out.put("weight", change.weight());
        out.put("configured_weight", change.configuredWeight());
        out.put("overridden", change.overridden());
        out.put("generation", change.generation());
        return AdminReply.json(HttpResponseStatus.OK, out);
    }

    private AdminReply metrics() {
        if (admin.metrics() == null) {
            return AdminReply.error(HttpResponseStatus.NOT_FOUND, "metrics are off (admin.metrics: false)");
        }
        return new AdminReply(HttpResponseStatus.OK, admin.metrics().scrape().getBytes(StandardCharsets.UTF_8),
                PROMETHEUS_TYPE, null);
    }

    private Object reload() {
        if (admin.reloader().file() == null) {
            return AdminReply.error(HttpResponseStatus.CONFLICT, "the gateway was started without a config file: there is nothing to reload");
        }
        return admin.reloader().reloadFile("api").thenApply(AdminHandler::reloadReply);
    }

    private static AdminReply reloadReply(ReloadResult result) {
        // A refused file is the caller's to fix: 422, so that `curl -f` and scripts notice.
        return AdminReply.json(result.ok() ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY,
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

    private interface Action {
        Object run();
    }

    private static Object only(HttpMethod method, String allowed, Action action) {
        if (!method.name().equals(allowed)) {
            return AdminReply.methodNotAllowed(method, allowed);
        }
        return action.run();
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
