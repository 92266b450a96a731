package dev.gatehouse.proxy;

/**
 * What the connection's timeout keeper needs to hear from the proxy: when a request's headers
 * are in (the header timeout stops, the body timeout starts), when its body is in, and when the
 * connection is idle again (the idle timeout starts).
 */
public interface ClientActivity {

    ClientActivity NONE = new ClientActivity() {
        @Override
        public void requestReceived() {
        }

        @Override
        public void connectionIdle() {
        }
    };

    void requestReceived();

    /** The current request's body is in whole (the body timeout stops). */
    default void requestBodyReceived() {
    }

    void connectionIdle();
}
