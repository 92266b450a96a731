package dev.gatehouse.observability;

import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.exchange.ExchangeRecord;
import java.util.List;

/** Tells every exchange to several observers, in order (the gateway's counter, metrics, access log). */
public final class CompositeObserver implements ExchangeObserver {

    // An array, not a list: this runs twice per request on the event loops.
    private final ExchangeObserver[] observers;

    private CompositeObserver(ExchangeObserver[] observers) {
        this.observers = observers;
    }

    /** One observer for all of {@code observers}: {@link ExchangeObserver#NONE} for none, the one itself for one. */
    public static ExchangeObserver of(List<ExchangeObserver> observers) {
        List<ExchangeObserver> real = observers.stream().filter(o -> o != null && o != ExchangeObserver.NONE).toList();
        if (real.isEmpty()) {
            return ExchangeObserver.NONE;
        }
        if (real.size() == 1) {
            return real.get(0);
        }
        return new CompositeObserver(real.toArray(ExchangeObserver[]::new));
    }

    @Override
    public void onConnectionOpened() {
        for (ExchangeObserver o : observers) {
            o.onConnectionOpened();
        }
    }

    @Override
    public void onConnectionRefused(String listener, String reason) {
        for (ExchangeObserver o : observers) {
            o.onConnectionRefused(listener, reason);
        }
    }

    @Override
    public void onConnectionClosed() {
        for (ExchangeObserver o : observers) {
            o.onConnectionClosed();
        }
    }

    @Override
    public void onExchangeStart() {
        for (ExchangeObserver o : observers) {
            o.onExchangeStart();
        }
    }

    @Override
    public void onExchangeComplete(ExchangeRecord record) {
        for (ExchangeObserver o : observers) {
            o.onExchangeComplete(record);
        }
    }
}
