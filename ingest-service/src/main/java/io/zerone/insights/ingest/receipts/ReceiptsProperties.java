package io.zerone.insights.ingest.receipts;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long a receipt is kept after its request was accepted
 * @param purgeInterval how often receipts older than the retention are deleted
 * @param storeTimeout how long writing a receipt may take before the request goes on without one
 * @param pollInterval how often a wait reads its receipt again besides the notifications, in case one was lost (the
 *        listening connection broke) or the database does not notify
 * @param siteUrl the public base URL of the site (e.g. {@code https://insights.example.com}): the Location of a
 *        publish's 202 and 201 (and of a case's 202) names the page there; empty, it names the receipt (a case's
 *        202 has none)
 */
@ConfigurationProperties("insights.ingest.receipts")
public record ReceiptsProperties(
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1h") Duration purgeInterval,
        @DefaultValue("2s") Duration storeTimeout,
        @DefaultValue("1s") Duration pollInterval,
        URI siteUrl) {
}
