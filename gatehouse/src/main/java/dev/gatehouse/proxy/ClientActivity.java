package dev.gatehouse.proxy;

/**
 * What the connection's timeout keeper needs to hear from the proxy: when a request's headers
 * are in (the header timeout stops) and when the connection is idle again (the idle timeout starts).
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

    void connectionIdle();
}
