package io.zerone.insights.query.article;

/**
 * A live insight as the JSON API shows it, with its body, or the tombstone of a removed one ({@code insight} and
 * {@code bodyHtml} null). Not the stored page: the API does not send it, and reading it made PostgreSQL decompress
 * and send ~8 KB more per request.
 */
record StoredInsight(String slug, boolean removed, InsightSummary insight, String bodyHtml) {
}
