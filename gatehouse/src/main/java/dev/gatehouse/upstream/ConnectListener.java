package dev.gatehouse.upstream;

/** Hears how {@link UpstreamConnector#acquire} ended; called on the requesting event loop. */
public interface ConnectListener {

    /** A connection is ready and now belongs to the caller. */
    void onConnected(UpstreamConnection connection);

    /** No connection could be made. */
    void onConnectFailed(Throwable cause, boolean timedOut);

    /**
     * The endpoint's connection limits kept the request out: too many requests already waited
     * for a connection ({@code max-pending}), or this one waited longer than the connect timeout
     * ({@code timedOut}). Nothing was sent, and the endpoint is not at fault.
     */
    void onRefused(boolean timedOut);
}
