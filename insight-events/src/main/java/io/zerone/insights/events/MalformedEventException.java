package io.zerone.insights.events;

/** A record that does not hold an event of this contract; the message says why. Retrying cannot help. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
