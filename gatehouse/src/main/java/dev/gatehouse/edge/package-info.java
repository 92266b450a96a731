/** Listeners: binding, accepting, and the per-protocol pipelines of client connections. */
package dev.gatehouse.edge;
