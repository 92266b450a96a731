package dev.gatehouse.routing;

/**
 * A compiled route: its name, what it matches, and the pool that serves it.
 *
 * @param order the route's position in the config file, which breaks ties between equal matches
 */
public record Route(String name, String host, String pathPrefix, String pool, int order) {
}
