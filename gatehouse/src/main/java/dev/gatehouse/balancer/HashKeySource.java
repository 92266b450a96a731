package dev.gatehouse.balancer;

/**
 * Gives a hashing strategy the request attributes it may key on (header, cookie, query
 * parameter, path), without the balancer depending on the HTTP layer.
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
}
