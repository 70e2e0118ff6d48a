package io.zerone.insights.events.cases;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

import io.zerone.insights.events.Revision;

/** A case to take off the site, made from a {@link CaseUnpublished}. {@code reason} is optional. */
public record CaseRemoved(UUID eventId, Instant occurredAt, UUID sourceEventId, Revision revision, String number,
        String reason) implements CaseRenderedEvent {

    public CaseRemoved {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(number, "number");
    }
}
