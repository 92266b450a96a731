/**
 * HTTP/1.1 at the byte level, shared by the two sides of the gateway: the checks that client
 * request heads and backend response heads both need.
 */
package dev.gatehouse.http;
