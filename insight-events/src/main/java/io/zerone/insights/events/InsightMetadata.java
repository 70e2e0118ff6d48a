package io.zerone.insights.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The facts about an insight that listings, cards and feeds show: the one shape of them in the contract, carried by
 * {@link InsightPublished} and {@link InsightRendered} alike. {@code caseRef} is optional.
 */
public record InsightMetadata(
        String slug,
        String title,
        String summary,
        String category,
        Instant publishedAt,
        int readingMinutes,
        String caseRef,
        List<String> tags,
        String language) {

    public InsightMetadata {
        requireNonNull(slug, "slug");
        requireNonNull(title, "title");
        requireNonNull(summary, "summary");
        requireNonNull(category, "category");
        requireNonNull(publishedAt, "publishedAt");
        requireNonNull(language, "language");
        if (readingMinutes < 1) {
            throw new IllegalArgumentException("readingMinutes must be at least 1");
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The same facts under another slug: load generators and tests make many insights of one. */
    public InsightMetadata withSlug(String slug) {
        return new InsightMetadata(
                slug, title, summary, category, publishedAt, readingMinutes, caseRef, tags, language);
    }

    /** The same facts dated otherwise: a revision sent without a date keeps its insight's (ingest-service). */
    public InsightMetadata withPublishedAt(Instant publishedAt) {
        return new InsightMetadata(
                slug, title, summary, category, publishedAt, readingMinutes, caseRef, tags, language);
    }
}
