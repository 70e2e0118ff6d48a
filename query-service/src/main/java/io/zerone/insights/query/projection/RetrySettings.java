package io.zerone.insights.query.projection;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The back-off of a batch that failed, under the names render-service uses for its batches too. The pauses grow from
 * {@code initialInterval} by {@code multiplier} up to {@code maxInterval}; the longest pause bounds how long the
 * projector waits once the database or the broker is back. A batch that failed because the database or the broker
 * is away is retried without end. One whose data breaks a constraint of the database is retried for
 * {@code deadLetterAfter}, then its records go to the dead-letter topic (render-service has no such failure: a record
 * it cannot render is known at once and dead-lettered at once, as the projector does with a record that is no event).
 *
 * @param initialInterval first pause after a failed batch
 * @param multiplier      growth of each following pause
 * @param maxInterval     longest pause between two attempts at the same batch
 * @param deadLetterAfter how long a batch whose data breaks a constraint is retried before it is dead-lettered
 */
@ConfigurationProperties("insights.pipeline.retry")
public record RetrySettings(
        @DefaultValue("500ms") Duration initialInterval,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("5s") Duration maxInterval,
        @DefaultValue("30s") Duration deadLetterAfter) {

    /** Pauses without end: for a record whose failure is never its own fault (the database or the broker away). */
    public ExponentialBackOff backOffWithoutEnd() {
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
        backOff.setMaxInterval(maxInterval.toMillis());
        return backOff;
    }

    /** Pauses until {@code deadLetterAfter} has passed. */
    ExponentialBackOff backOff() {
        ExponentialBackOff backOff = backOffWithoutEnd();
        backOff.setMaxElapsedTime(deadLetterAfter.toMillis());
        return backOff;
    }
}
