package io.zerone.insights.render.pipeline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The back-off of a batch after a transient failure (the broker away, a send timed out), under the names query-service
 * uses for its projector too. The pauses grow from {@code initialInterval} by {@code multiplier} up to
 * {@code maxInterval} and repeat without end: a record is never given up for a transient failure. The longest pause
 * bounds how long the stage waits after the broker is back.
 *
 * @param initialInterval first pause after a transient failure
 * @param multiplier      growth of each following pause
 * @param maxInterval     longest pause between two attempts at the same batch
 */
@ConfigurationProperties("insights.pipeline.retry")
public record RetrySettings(
        @DefaultValue("500ms") Duration initialInterval,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("5s") Duration maxInterval) {

    /** Pauses without end. */
    public ExponentialBackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
        backOff.setMaxInterval(maxInterval.toMillis());
        return backOff;
    }
}
