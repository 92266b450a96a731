/**
 * What the running process shares: the network transport, per-connection deadline timers and
 * the compiled {@link dev.gatehouse.runtime.RuntimeSnapshot} held in one volatile reference.
 */
package dev.gatehouse.runtime;
