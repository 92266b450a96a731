package dev.gatehouse.config.reload;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one reload, as the admin API shows it.
 *
 * @param time       when it finished
 * @param ok         whether the new config now serves new requests
 * @param errors     why it was refused, one problem per line ({@code file:line: key: message});
 *                   empty when {@code ok}
 * @param generation the generation serving new requests afterwards (the old one when refused)
 * @param trigger    what asked for it: {@code api}, {@code file-watch} or {@code call}
 */
public record ReloadResult(Instant time, boolean ok, List<String> errors, long generation, String trigger) {

    public ReloadResult {
        errors = List.copyOf(errors);
    }
}
