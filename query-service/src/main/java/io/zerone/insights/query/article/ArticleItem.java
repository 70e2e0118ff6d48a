package io.zerone.insights.query.article;

import java.time.Instant;
import java.util.List;

/** One insight as the JSON API shows it, with its body. */
record ArticleItem(String slug, String title, String summary, String category, Instant publishedAt,
        int readingMinutes, String caseRef, List<String> tags, String url, Instant revisedAt, String bodyHtml) {

    static ArticleItem of(StoredInsight stored, String url) {
        InsightSummary insight = stored.insight();
        return new ArticleItem(insight.slug(), insight.title(), insight.summary(), insight.category(),
                insight.publishedAt(), insight.readingMinutes(), insight.caseRef(), insight.tags(), url,
                insight.revisedAt(), stored.bodyHtml());
    }
}
