package io.zerone.insights.ingest.publishing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param ackTimeout how long a request waits for Kafka's acknowledgement before it answers 503
 * @param retryAfter what the 503's Retry-After tells the client
 * @param maxRequestSize the largest request body read; past it the answer is 413 without reading further
 * @param partitions partitions of the insight-events topic when this service creates it
 * @param brokerHealthTimeout how long the readiness probe's own question to the broker may take before it counts as
 *        down ({@link BrokerHealth}): a broker answers in milliseconds, and a probe must answer within its own timeout
 *        (Kubernetes' default 1 s) to read DOWN rather than time out
 */
@ConfigurationProperties("insights.ingest.publishing")
public record IngestProperties(
        @DefaultValue("5s") Duration ackTimeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("6") int partitions,
        @DefaultValue("750ms") Duration brokerHealthTimeout) {
}
