package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** An insight withdrawn from every surface. {@code reason} is optional. */
public record InsightUnpublished(UUID eventId, Instant occurredAt, String source, String slug, String reason)
        implements InsightEvent {

    public InsightUnpublished {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(source, "source");
        requireNonNull(slug, "slug");
    }
}
