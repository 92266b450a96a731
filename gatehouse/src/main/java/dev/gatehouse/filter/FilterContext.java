package dev.gatehouse.filter;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;

/**
 * What a {@link RequestFilter} sees of one request: the client's address, the method, the
 * normalized path, the route, and the request headers (which a filter may change, e.g. to add
 * the authenticated identity for the backend).
 */
public interface FilterContext {

    /** The peer's address (or, behind trusted proxies, the client's as they reported it). */
    InetAddress clientAddress();

    HttpMethod method();

    /** The request path without the query, as routed. */
    String path();

    /** The request target as received (path and query). */
    String uri();

    /** The matched route's name. */
    String route();

    /** The request headers as they will be sent upstream; filters may add or remove. */
    HttpHeaders headers();

    /** The identity an authentication filter established (API key name, JWT subject), or null. */
    String identity();

    void setIdentity(String identity);
}
