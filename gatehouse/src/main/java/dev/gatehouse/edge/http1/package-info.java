/** The HTTP/1.1 pipeline of a client connection: timeouts, strict framing, limits. */
package dev.gatehouse.edge.http1;
