package io.zerone.insights.events.cases;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** A case withdrawn from the site; its insights stay, and say "From Case NN" again without a link. */
public record CaseUnpublished(UUID eventId, Instant occurredAt, String source, String number, String reason)
        implements CaseEvent {

    public CaseUnpublished {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(source, "source");
        requireNonNull(number, "number");
    }
}
