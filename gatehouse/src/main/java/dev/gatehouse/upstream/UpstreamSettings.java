package dev.gatehouse.upstream;

import dev.gatehouse.config.PoolConfig;

/**
 * How a pool talks to its backends, compiled from {@link PoolConfig} into the units the proxy
 * path uses.
 *
 * @param connectTimeoutMillis time allowed to open a connection
 * @param responseTimeoutNanos time allowed, once the request is sent, for each read of the response
 * @param maxIdlePerLoop       idle connections kept per backend and event loop
 * @param idleTimeoutNanos     how long an idle connection is kept
 */
public record UpstreamSettings(int connectTimeoutMillis, long responseTimeoutNanos, int maxIdlePerLoop,
                               long idleTimeoutNanos) {

    public static UpstreamSettings of(PoolConfig pool) {
        return new UpstreamSettings(
                (int) Math.min(Integer.MAX_VALUE, pool.connectTimeout().toMillis()),
                pool.responseTimeout().toNanos(),
                pool.maxIdlePerLoop(),
                pool.idleTimeout().toNanos());
    }
}
