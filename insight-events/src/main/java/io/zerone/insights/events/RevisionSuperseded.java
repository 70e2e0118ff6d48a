package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * A source event that will never be what the site shows: a newer revision (or removal) of its slug was applied first,
 * in the same batch or before it arrived. {@code supersededBy} is that newer revision.
 */
public record RevisionSuperseded(
        UUID eventId, Instant occurredAt, UUID sourceEventId, Revision revision, String slug, Revision supersededBy)
        implements StatusEvent {

    public RevisionSuperseded {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(slug, "slug");
        requireNonNull(supersededBy, "supersededBy");
    }
}
