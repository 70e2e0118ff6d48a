package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * An editor asked to see a draft as the site would show it: the same {@code insight} and {@code body} as an
 * {@link InsightPublished}, validated by the same rules, but nothing is published.
 */
public record PreviewRequested(UUID eventId, Instant occurredAt, String source, String token, Instant expiresAt,
        InsightMetadata insight, String body) implements PreviewEvent {

    public PreviewRequested {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(source, "source");
        requireNonNull(token, "token");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(insight, "insight");
        requireNonNull(body, "body");
    }

    /** What a publish of the same draft at the same instant would be: the renderer's input, so the bytes match. */
    public InsightPublished asPublished() {
        return new InsightPublished(eventId, occurredAt, source, insight, body);
    }
}
