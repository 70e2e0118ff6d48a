package io.zerone.insights.ingest.preview;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ttl           how long a preview is served after it was requested; query-service deletes it after that
 * @param siteBaseUrl   the public address of the site (query-service), where the preview's URL points
 * @param partitions    partitions of the insight-previews topic when this service creates it
 */
@ConfigurationProperties("insights.previews")
record PreviewProperties(
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("http://localhost:8080") URI siteBaseUrl,
        @DefaultValue("6") int partitions) {

    URI previewUrl(String token) {
        return siteBaseUrl.resolve("/preview/" + token);
    }
}
