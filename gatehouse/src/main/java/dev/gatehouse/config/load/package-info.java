/**
 * Loading and validating the YAML configuration: {@link dev.gatehouse.config.load.ConfigLoader}
 * turns a file into a {@link dev.gatehouse.config.GatehouseConfig} or a
 * {@link dev.gatehouse.config.load.ConfigException} listing every
 * {@link dev.gatehouse.config.load.ConfigProblem} with its file, line and key path.
 *
 * <p>The YAML is parsed into a tree that keeps line numbers ({@code YamlNode}); validators then
 * walk it section by section and keep going after a problem, so a user fixes a file in one pass.
 */
package dev.gatehouse.config.load;
