package dev.gatehouse.filter;

/**
 * One check or change a route applies to each request before it is sent to a backend (access
 * control, authentication, rate limits, header rules). Compiled once per config; called on the
 * request's event loop, so it must not block.
 */
public interface RequestFilter {

    /** The filter's name in logs and in the reason of the requests it rejects. */
    String name();

    /** Continue, or answer the client at once ({@link FilterResult#reject}). */
    FilterResult onRequest(FilterContext context);
}
