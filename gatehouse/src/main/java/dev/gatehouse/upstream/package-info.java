/**
 * Connections to backends: per-event-loop keep-alive pools, connect and response timeouts.
 */
package dev.gatehouse.upstream;
