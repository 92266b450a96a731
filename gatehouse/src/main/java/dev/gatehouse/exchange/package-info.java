/**
 * The per-request view of the gateway: what the request targets and which config generation it
 * is served by.
 */
package dev.gatehouse.exchange;
