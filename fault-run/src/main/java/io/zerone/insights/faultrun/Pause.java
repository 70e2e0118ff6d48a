package io.zerone.insights.faultrun;

import java.time.Duration;

/**
 * The client's back-off and the pacer's wait: a real editorial client waits between its retries, and the run paces
 * its requests. Never used to wait for a result; those are polled until they hold.
 */
final class Pause {

    private Pause() {
    }

    static void briefly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
