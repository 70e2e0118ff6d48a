package io.zerone.insights.query.listing;

import java.time.Instant;
import java.util.List;

import io.zerone.insights.query.article.InsightSummary;

/** An insight as the JSON listing shows it; {@code language} its BCP 47 tag as stored. */
record InsightItem(String slug, String title, String summary, String category, Instant publishedAt,
        int readingMinutes, String caseRef, List<String> tags, String language, String url) {

    static InsightItem of(InsightSummary insight, String url) {
        return new InsightItem(insight.slug(), insight.title(), insight.summary(), insight.category(),
                insight.publishedAt(), insight.readingMinutes(), insight.caseRef(), insight.tags(), insight.language(),
                url);
    }

    record Page(List<InsightItem> items, String nextCursor) {
    }
}
