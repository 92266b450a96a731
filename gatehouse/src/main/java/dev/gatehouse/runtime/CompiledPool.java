package dev.gatehouse.runtime;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.upstream.UpstreamSettings;

/** A pool as the proxy path uses it: its balancer (over its snapshot) and how to reach its backends. */
public record CompiledPool(String name, Balancer balancer, UpstreamSettings upstream) {
}
