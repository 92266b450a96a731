/**
 * Local rate limits: GCRA token buckets (one CAS per request), kept per key in a bounded map
 * whose idle buckets expire, and the route filter that answers 429 with {@code Retry-After}
 * and the IETF draft {@code RateLimit-*} fields.
 */
package dev.gatehouse.security.ratelimit;
