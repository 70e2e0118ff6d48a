package io.zerone.insights.query.article;

/** A live insight with its stored page, or the tombstone of a removed one ({@code insight} and pages null). */
record StoredInsight(String slug, boolean removed, InsightSummary insight, String pageHtml, String bodyHtml,
        String contentHash) {
}
