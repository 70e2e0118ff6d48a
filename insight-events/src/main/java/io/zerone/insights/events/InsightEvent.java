package io.zerone.insights.events;

import java.time.Instant;
import java.util.UUID;

/** What editorial systems tell the pipeline, written by ingest-service to {@link Topics#INSIGHT_EVENTS}. */
public sealed interface InsightEvent permits InsightPublished, InsightUnpublished {

    UUID eventId();

    Instant occurredAt();

    /** The editorial client that sent the request. */
    String source();

    String slug();
}
