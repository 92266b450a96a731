/** Retry rules per route and the budget that keeps retries a bounded share of traffic. */
package dev.gatehouse.proxy.retry;
