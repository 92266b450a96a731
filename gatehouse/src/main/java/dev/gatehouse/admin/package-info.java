/**
 * The private admin side: a small HTTP server on an event loop of its own, with a JSON API to see
 * the gateway (status, pools and endpoints) and steer it (drain, enable, weights, reload), the
 * Prometheus scrape at {@code /metrics}, and {@code /healthz} and {@code /readyz} for probes.
 */
package dev.gatehouse.admin;
