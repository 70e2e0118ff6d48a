package io.zerone.insights.query.article;

import java.time.Instant;
import java.util.List;

/** One insight as the JSON API shows it, with its body: JSON by slug, and the upserts of the delta sync. */
public record ArticleItem(String slug, String title, String summary, String category, Instant publishedAt,
        int readingMinutes, String caseRef, List<String> tags, String url, Instant revisedAt, String bodyHtml) {

    static ArticleItem of(StoredInsight stored, String url) {
        return of(stored.insight(), stored.bodyHtml(), url);
    }

    public static ArticleItem of(InsightSummary insight, String bodyHtml, String url) {
        return new ArticleItem(insight.slug(), insight.title(), insight.summary(), insight.category(),
                insight.publishedAt(), insight.readingMinutes(), insight.caseRef(), insight.tags(), url,
                insight.revisedAt(), bodyHtml);
    }
}
