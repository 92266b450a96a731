package dev.gatehouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gatehouse} command line: parses arguments, runs a subcommand and turns its outcome
 * into an exit code ({@link #EXIT_OK}, {@link #EXIT_USAGE}, {@link #EXIT_FAILURE}).
 *
 * <p>Subcommands: {@code run -c FILE} (the gateway), {@code validate -c FILE}, {@code demo}
 * (backends A to D behind a gateway) and {@code backend --name N --port P}.
 */
@Command(
        name = "gatehouse",
        mixinStandardHelpOptions = true,
        versionProvider = GatehouseVersion.class,
        description = "HTTP gateway and load balancer.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {RunCommand.class, ValidateCommand.class, DemoCommand.class, BackendCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 bad configuration or usage, 2 runtime failure (e.g. a port in use)."})
public final class GatehouseCommand {

    /** Success, including a stop by SIGTERM or Ctrl-C. */
    public static final int EXIT_OK = 0;
    /** A bad configuration file or a usage error (unknown option, missing argument). */
    public static final int EXIT_USAGE = 1;
    /** A runtime failure: a port in use, an address that cannot be resolved, an unexpected error. */
    public static final int EXIT_FAILURE = 2;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line with {@code System.out} and {@code System.err}; returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * A configured command line (exit codes, one-line errors); tests set its writers with
     * {@code setOut}/{@code setErr} before {@code execute}.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new GatehouseCommand());
        // picocli's own default for usage errors is 2; here 2 means a runtime failure.
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println("gatehouse: " + UsageErrorHandler.describe(exception));
            failed.getErr().flush();
            return EXIT_FAILURE;
        });
        return commandLine;
    }
}
