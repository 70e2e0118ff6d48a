package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** An unpublish took effect: the slug is on no public surface since {@code removedAt}. */
public record InsightTakenDown(
        UUID eventId, Instant occurredAt, UUID sourceEventId, Revision revision, String slug, Instant removedAt)
        implements StatusEvent {

    public InsightTakenDown {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(slug, "slug");
        requireNonNull(removedAt, "removedAt");
    }
}
