package dev.gatehouse.upstream;

/**
 * A backend sent bytes that are not a well-framed HTTP/1.1 response: its connection is closed
 * and the exchange answers 502 (or, mid-body, closes the client's connection).
 */
public final class MalformedResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedResponseException(String message) {
        // No stack trace: the message says all, and a misbehaving backend should not cost one.
        super(message, null, false, false);
    }
}
