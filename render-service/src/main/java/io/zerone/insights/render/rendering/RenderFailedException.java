package io.zerone.insights.render.rendering;

/** An insight that cannot be rendered; retrying the same input cannot help, so it goes to the dead-letter topic. */
public class RenderFailedException extends RuntimeException {

    RenderFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
