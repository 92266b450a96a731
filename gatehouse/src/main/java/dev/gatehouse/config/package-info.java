/**
 * The configuration as immutable records mirroring the YAML file, one record per section
 * ({@link dev.gatehouse.config.GatehouseConfig} at the top), plus the value types the file
 * spells in text ({@link dev.gatehouse.config.HostPort}, {@link dev.gatehouse.config.DataSize}).
 *
 * <p>Records hold validated values only; {@code dev.gatehouse.config.load} does the checking.
 */
package dev.gatehouse.config;
