package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * A new insight or a new revision of one: the complete state, so that a compacted topic holds the latest. Its wire
 * format is {@code insight.published.v2}; records of {@code insight.published.v1}, which had the metadata's fields
 * at the top level, are read into this record by {@link CloudEventCodec}
 * (docs/adr/0017-event-versions-and-reading-old-ones.md).
 */
public record InsightPublished(UUID eventId, Instant occurredAt, String source, InsightMetadata insight, String body)
        implements InsightEvent {

    public InsightPublished {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(source, "source");
        requireNonNull(insight, "insight");
        requireNonNull(body, "body");
    }

    @Override
    public String slug() {
        return insight.slug();
    }
}
