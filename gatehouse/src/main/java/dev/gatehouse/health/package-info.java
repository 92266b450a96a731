/**
 * Endpoint health: active probes, passive outlier ejection from real traffic, thresholds with
 * hysteresis, and the panic mode that keeps a pool serving when most of it looks unhealthy.
 */
package dev.gatehouse.health;
