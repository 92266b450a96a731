package dev.gatehouse.proxy;

import dev.gatehouse.balancer.HashKeySource;
import dev.gatehouse.filter.FilterContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One routed request as route filters and hashing balancers see it: its method, normalized path,
 * headers (live: what goes upstream), route, client and established identity. Attributes are
 * read on demand, so a route without filters and a pool that does not hash pay nothing for them.
 */
final class RequestView implements FilterContext, HashKeySource {

    private final HttpRequest request;
    private final String path;
    private final String route;
    private final InetSocketAddress client;
    private String identity;

    RequestView(HttpRequest request, String path, String route, InetSocketAddress client) {
        this.request = request;
        this.path = path;
        this.route = route;
        this.client = client;
    }

    @Override
    public InetAddress clientAddress() {
        return client == null ? null : client.getAddress();
    }

    @Override
    public HttpMethod method() {
        return request.method();
    }

    /** The normalized path without the query: what the request was routed on. */
    @Override
    public String path() {
        return path;
    }

    @Override
    public String uri() {
        return request.uri();
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public HttpHeaders headers() {
        return request.headers();
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void setIdentity(String identity) {
        this.identity = identity;
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public String cookie(String name) {
        return RequestKeys.cookie(request.headers(), name);
    }

    @Override
    public String query(String name) {
        return RequestKeys.queryParameter(request.uri(), name);
    }
}
