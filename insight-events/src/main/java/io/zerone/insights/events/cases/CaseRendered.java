package io.zerone.insights.events.cases;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

import io.zerone.insights.events.Revision;

/**
 * One revision of a case, rendered once: {@code caseHtml} is the case's article (heading, date, summary, the body's
 * Markdown rendered and sanitized), which query-service places on the case page above the case's insights, a list
 * that changes with every insight and so is not rendered here. {@code contentHash} identifies {@code caseHtml}.
 */
public record CaseRendered(
        UUID eventId,
        Instant occurredAt,
        UUID sourceEventId,
        Revision revision,
        Instant revisedAt,
        String number,
        String slug,
        String title,
        String summary,
        Instant publishedAt,
        String caseHtml,
        String contentHash) implements CaseRenderedEvent {

    public CaseRendered {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(revisedAt, "revisedAt");
        requireNonNull(number, "number");
        requireNonNull(slug, "slug");
        requireNonNull(title, "title");
        requireNonNull(summary, "summary");
        requireNonNull(publishedAt, "publishedAt");
        requireNonNull(caseHtml, "caseHtml");
        requireNonNull(contentHash, "contentHash");
    }
}
