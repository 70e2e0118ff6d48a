package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** A published revision whose {@code publishedAt} lies ahead: stored, on no public surface until {@code liveAt}. */
public record RevisionScheduled(
        UUID eventId, Instant occurredAt, UUID sourceEventId, Revision revision, String slug, Instant liveAt)
        implements StatusEvent {

    public RevisionScheduled {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(slug, "slug");
        requireNonNull(liveAt, "liveAt");
    }
}
