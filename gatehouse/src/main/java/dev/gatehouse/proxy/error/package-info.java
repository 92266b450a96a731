/** Typed failures and the one place that maps them to a status and a fixed body. */
package dev.gatehouse.proxy.error;
