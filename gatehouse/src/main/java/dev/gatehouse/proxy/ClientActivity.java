package dev.gatehouse.proxy;

import io.netty.buffer.ByteBuf;

/**
 * What the edge needs to hear from the proxy about a client connection: when a request's headers
 * are in (the header timeout stops, the body timeout starts), when its body is in, when the
 * connection is idle again (the idle timeout starts), when the gateway reads again after pausing,
 * and how a request that asked to switch protocols ended.
 */
public interface ClientActivity {

    ClientActivity NONE = new ClientActivity() {
        @Override
        public void requestReceived() {
        }

        @Override
        public void connectionIdle(long nowNanos) {
        }
    };

    void requestReceived();

    /** The current request's body is in whole (the body timeout stops). */
    default void requestBodyReceived() {
    }

    /** The connection waits for its next request, from {@code nowNanos} (a {@link System#nanoTime()} value just read). */
    void connectionIdle(long nowNanos);

    /** The gateway reads from the client again after pausing: the pause was not the client's doing. */
    default void readingResumed() {
    }

    /**
     * The request that asked to switch protocols got an ordinary answer (or none): the bytes the
     * edge held back after its head are read as HTTP again.
     */
    default void upgradeDeclined() {
    }

    /**
     * The backend switched protocols: the edge takes its HTTP handlers out of the pipeline, its
     * timeouts become the tunnel's idle timeout, and it hands over what the client sent after the
     * request head, unparsed (the caller owns it; empty if nothing). Null when the edge held
     * nothing back (those bytes were read as HTTP already): then no tunnel may open.
     */
    default ByteBuf upgraded() {
        return null;
    }

    /** Bytes came through the tunnel from the backend: its idle timeout starts again. */
    default void tunnelActive() {
    }
}
