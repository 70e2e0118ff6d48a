package io.zerone.insights.events.cases;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * A new case or a new revision of one: the complete state, so that the compacted {@code case-events} topic holds the
 * latest. {@code body} is Markdown.
 */
public record CasePublished(UUID eventId, Instant occurredAt, String source, String number, String slug, String title,
        String summary, Instant publishedAt, String body) implements CaseEvent {

    public CasePublished {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(source, "source");
        requireNonNull(number, "number");
        requireNonNull(slug, "slug");
        requireNonNull(title, "title");
        requireNonNull(summary, "summary");
        requireNonNull(publishedAt, "publishedAt");
        requireNonNull(body, "body");
    }
}
