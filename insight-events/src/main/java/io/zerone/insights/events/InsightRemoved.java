package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** An insight to take off every surface, made from an {@link InsightUnpublished}. */
public record InsightRemoved(
        UUID eventId, Instant occurredAt, UUID sourceEventId, Revision revision, String slug, String reason)
        implements RenderedEvent {

    public InsightRemoved {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(slug, "slug");
    }
}
