/**
 * What the gateway tells about its traffic: request counters and latency histograms for
 * Prometheus ({@link dev.gatehouse.observability.MetricsObserver}), one JSON line per request
 * ({@link dev.gatehouse.observability.AccessLogObserver}), and the count of exchanges in flight
 * that a graceful stop waits for ({@link dev.gatehouse.observability.ActiveExchanges}).
 *
 * <p>Each is an {@link dev.gatehouse.exchange.ExchangeObserver} called on the event loops, so
 * each does only constant, lock-free work there; the access log hands formatting and writing to
 * a thread of its own.
 */
package dev.gatehouse.observability;
