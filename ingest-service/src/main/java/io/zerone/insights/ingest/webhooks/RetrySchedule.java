package io.zerone.insights.ingest.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off between attempts: the initial wait after the first failure, doubled after each further one, up
 * to the maximum, with up to 10 % of random jitter so that deliveries that failed together (a subscriber that was down)
 * do not all come back in the same instant, as the Standard Webhooks spec recommends.
 */
record RetrySchedule(Duration initial, Duration max, int maxAttempts) {

    /** The wait after the given number of failed attempts (1 for the first). */
    Duration delayAfter(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 40);
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    Duration jittered(int failedAttempts) {
        Duration delay = delayAfter(failedAttempts);
        return delay.plusMillis(ThreadLocalRandom.current().nextLong(delay.toMillis() / 10 + 1));
    }

    boolean givesUpAfter(int attempts) {
        return attempts >= maxAttempts;
    }
}
