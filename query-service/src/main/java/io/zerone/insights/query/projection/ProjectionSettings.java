package io.zerone.insights.query.projection;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param deadLetterTopic where records that cannot be applied go, with the reason in headers
 * @param retryInitialInterval first pause before retrying a record that failed for a transient reason
 * @param retryMaxElapsed how long to keep retrying before the record goes to the dead-letter topic
 * @param applyTimeout how long the listener thread waits for one event's transaction
 */
@ConfigurationProperties("query.projection")
record ProjectionSettings(
        @DefaultValue("insight-rendered.DLT") String deadLetterTopic,
        @DefaultValue("200ms") Duration retryInitialInterval,
        @DefaultValue("30s") Duration retryMaxElapsed,
        @DefaultValue("30s") Duration applyTimeout) {
}
