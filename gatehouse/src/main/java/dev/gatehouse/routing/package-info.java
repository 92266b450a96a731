/**
 * The compiled router: request host and path to a route, decided once per config generation.
 */
package dev.gatehouse.routing;
