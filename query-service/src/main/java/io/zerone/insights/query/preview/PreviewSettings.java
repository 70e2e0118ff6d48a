package io.zerone.insights.query.preview;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a preview lives is decided where it is requested (ingest-service, {@code insights.previews.ttl}) and
 * travels as its {@code expiresAt}; here only how often the expired ones are deleted. An expired preview is a 404 at
 * once, whenever its row goes.
 *
 * @param cleanupInterval pause between two deletions of expired previews
 */
@ConfigurationProperties("query.previews")
record PreviewSettings(@DefaultValue("1m") Duration cleanupInterval) {
}
