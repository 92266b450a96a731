package dev.gatehouse.balancer;

/**
 * Gives a hashing strategy or an affinity the request attributes it may key on (header, cookie,
 * query parameter, path), without the balancer depending on the HTTP layer. Every method returns
 * null when the request has no such attribute.
 */
public interface HashKeySource {

    /** A source with no attributes, for callers that have no request. */
    HashKeySource NONE = new HashKeySource() {
        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public String path() {
            return null;
        }
    };

    /** The first value of request header {@code name}, or null. */
    String header(String name);

    /** The request path without the query, or null. */
    String path();

    /**
     * The value of cookie {@code name} in the request's {@code Cookie} header(s), or null. The
     * proxy implements it; the default (no cookies) suits callers that have no request.
     */
    default String cookie(String name) {
        return null;
    }

    /**
     * The first value of query parameter {@code name}, percent-decoded, or null. The proxy
     * implements it; the default suits callers that have no request.
     */
    default String query(String name) {
        return null;
    }
}
