package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/** The page of a {@link PreviewRequested}, as the renderer would publish it and marked noindex. */
public record PreviewRendered(UUID eventId, Instant occurredAt, UUID sourceEventId, String token, Instant expiresAt,
        String pageHtml) implements PreviewEvent {

    public PreviewRendered {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(token, "token");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(pageHtml, "pageHtml");
    }
}
