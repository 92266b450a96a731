/**
 * The request filter SPI: checks a route runs on each request before it reaches a backend, each
 * answering continue or a response of its own.
 */
package dev.gatehouse.filter;
