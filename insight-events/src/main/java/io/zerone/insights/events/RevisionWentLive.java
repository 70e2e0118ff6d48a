package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** A published revision is on every public surface since {@code liveAt}. */
public record RevisionWentLive(
        UUID eventId, Instant occurredAt, UUID sourceEventId, Revision revision, String slug, Instant liveAt)
        implements StatusEvent {

    public RevisionWentLive {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(slug, "slug");
        requireNonNull(liveAt, "liveAt");
    }
}
