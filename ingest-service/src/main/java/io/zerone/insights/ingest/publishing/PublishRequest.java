package io.zerone.insights.ingest.publishing;

import io.zerone.insights.events.InsightMetadata;

/** A valid publish request, defaults applied: what becomes an InsightPublished. */
public record PublishRequest(InsightMetadata insight, String body) {
}
