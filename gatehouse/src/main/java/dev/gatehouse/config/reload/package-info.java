/**
 * Changing the running configuration without a restart: the
 * {@link dev.gatehouse.config.reload.ConfigReloader} validates a new file, compiles it against the
 * running snapshot (so unchanged endpoints keep their live state) and swaps it in, or refuses it
 * and keeps the running one; the {@link dev.gatehouse.config.reload.ConfigWatcher} triggers it
 * when the file changes. Operators' weight overrides are applied on top of every file.
 */
package dev.gatehouse.config.reload;
