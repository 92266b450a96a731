/**
 * The balancer side: endpoints and their live state, immutable pool snapshots, and the
 * {@link dev.gatehouse.balancer.Balancer} SPI that every strategy implements.
 */
package dev.gatehouse.balancer;
