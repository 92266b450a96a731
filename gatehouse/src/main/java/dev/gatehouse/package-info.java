/**
 * Gatehouse, an HTTP gateway and load balancer: {@link dev.gatehouse.Gatehouse} assembles a
 * running server from one configuration.
 */
package dev.gatehouse;
