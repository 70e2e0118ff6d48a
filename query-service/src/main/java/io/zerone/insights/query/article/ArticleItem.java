package io.zerone.insights.query.article;

import java.time.Instant;
import java.util.List;

/**
 * One insight as the JSON API shows it, with its body: JSON by slug, and the upserts of the delta sync. {@code language}
 * is its BCP 47 tag as stored, so that a mirror keeps it and can mark the insight as the site does.
 */
public record ArticleItem(String slug, String title, String summary, String category, Instant publishedAt,
        int readingMinutes, String caseRef, List<String> tags, String language, String url, Instant revisedAt,
        String bodyHtml) {

    static ArticleItem of(StoredInsight stored, String url) {
        return of(stored.insight(), stored.bodyHtml(), url);
    }

    public static ArticleItem of(InsightSummary insight, String bodyHtml, String url) {
        return new ArticleItem(insight.slug(), insight.title(), insight.summary(), insight.category(),
                insight.publishedAt(), insight.readingMinutes(), insight.caseRef(), insight.tags(), insight.language(),
                url, insight.revisedAt(), bodyHtml);
    }
}
