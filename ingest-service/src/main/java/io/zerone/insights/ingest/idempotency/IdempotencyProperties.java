package io.zerone.insights.ingest.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param window how long a key is remembered after its first use: a retry within it gets the original answer, a
 *        key older than it is forgotten (and purged)
 * @param purgeInterval how often keys older than the window are deleted
 * @param inFlightTimeout how long a claim may stay in flight before a retry of the same request may take it over;
 *        a replica that died mid-request would otherwise block its key for the whole window
 * @param storeTimeout how long a request waits for the key store before it answers 503
 */
@ConfigurationProperties("insights.ingest.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration window,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("1m") Duration inFlightTimeout,
        @DefaultValue("3s") Duration storeTimeout) {
}
