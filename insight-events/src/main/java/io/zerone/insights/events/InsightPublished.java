package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A new insight or a new revision of one: the complete state, so that a compacted topic holds the latest. */
public record InsightPublished(
        UUID eventId,
        Instant occurredAt,
        String source,
        String slug,
        String title,
        String summary,
        String category,
        Instant publishedAt,
        int readingMinutes,
        String caseRef,
        List<String> tags,
        String language,
        String body) implements InsightEvent {

    public InsightPublished {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(source, "source");
        requireNonNull(slug, "slug");
        requireNonNull(title, "title");
        requireNonNull(summary, "summary");
        requireNonNull(category, "category");
        requireNonNull(publishedAt, "publishedAt");
        requireNonNull(language, "language");
        requireNonNull(body, "body");
        if (readingMinutes < 1) {
            throw new IllegalArgumentException("readingMinutes must be at least 1");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
