package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * One revision of an insight, rendered once: the complete article page, the listing card fragment and the
 * search document. {@code revisedAt} is when the source event occurred, or its publishedAt when that is later (a
 * revision scheduled ahead): JSON-LD dateModified, Atom updated, the sitemap's lastmod;
 * {@code contentHash} identifies {@code pageHtml} and serves as its HTTP ETag.
 */
public record InsightRendered(
        UUID eventId,
        Instant occurredAt,
        UUID sourceEventId,
        Revision revision,
        Instant revisedAt,
        InsightMetadata insight,
        String pageHtml,
        String cardHtml,
        SearchDocument searchDocument,
        String contentHash) implements RenderedEvent {

    public InsightRendered {
        requireNonNull(eventId, "eventId");
        requireNonNull(occurredAt, "occurredAt");
        requireNonNull(sourceEventId, "sourceEventId");
        requireNonNull(revision, "revision");
        requireNonNull(revisedAt, "revisedAt");
        requireNonNull(insight, "insight");
        requireNonNull(pageHtml, "pageHtml");
        requireNonNull(cardHtml, "cardHtml");
        requireNonNull(searchDocument, "searchDocument");
        requireNonNull(contentHash, "contentHash");
    }

    @Override
    public String slug() {
        return insight.slug();
    }
}
