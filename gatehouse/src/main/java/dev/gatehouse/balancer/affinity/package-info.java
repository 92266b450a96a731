/**
 * Stateful pools: an {@link dev.gatehouse.balancer.affinity.AffinityBalancer} keeps each client on
 * the endpoint it was first sent to (by a signed cookie, a tracked table or a hash) while that
 * endpoint is ready, and otherwise lets the pool's strategy choose and pins the client there.
 */
package dev.gatehouse.balancer.affinity;
