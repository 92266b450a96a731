package dev.gatehouse.exchange;

/**
 * Hears about every finished exchange (metrics, access log). Called on the exchange's event
 * loop: implementations must not block and should hand slow work to another thread.
 */
public interface ExchangeObserver {

    /** Observes nothing. */
    ExchangeObserver NONE = record -> {
    };

    /** A client connection was accepted; every opening is followed by one {@link #onConnectionClosed}. */
    default void onConnectionOpened() {
    }

    /**
     * A client connection was refused when accepted, before any byte of it was read (and without
     * {@link #onConnectionOpened}).
     *
     * @param listener the listener's name
     * @param reason   {@code ip-denied} (the listener's IP list) or {@code per-client-limit}
     */
    default void onConnectionRefused(String listener, String reason) {
    }

    /** A client connection closed. */
    default void onConnectionClosed() {
    }

    /** A request head arrived and an exchange began; every start is followed by one completion. */
    default void onExchangeStart() {
    }

    void onExchangeComplete(ExchangeRecord record);
}
