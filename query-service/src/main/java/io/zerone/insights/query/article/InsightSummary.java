package io.zerone.insights.query.article;

import java.time.Instant;
import java.util.List;

/** An insight as listings, cards, feeds and the API show it. {@code caseRef} may be null. */
public record InsightSummary(
        String slug,
        String title,
        String summary,
        String category,
        Instant publishedAt,
        int readingMinutes,
        String caseRef,
        List<String> tags,
        String cardHtml,
        Instant revisedAt) {
}
