package dev.gatehouse.upstream;

/** Hears how {@link UpstreamConnector#acquire} ended; called on the requesting event loop. */
public interface ConnectListener {

    /** A connection is ready and now belongs to the caller. */
    void onConnected(UpstreamConnection connection);

    /** No connection could be made. */
    void onConnectFailed(Throwable cause, boolean timedOut);
}
