package dev.gatehouse.exchange;

/**
 * Hears about every finished exchange (metrics, access log). Called on the exchange's event
 * loop: implementations must not block and should hand slow work to another thread.
 */
public interface ExchangeObserver {

    /** Observes nothing. */
    ExchangeObserver NONE = record -> {
    };

    void onExchangeComplete(ExchangeRecord record);
}
