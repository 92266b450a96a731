package dev.gatehouse;

/** The gateway could not start: a listener could not bind or an address could not be used. */
public final class StartupException extends Exception {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
