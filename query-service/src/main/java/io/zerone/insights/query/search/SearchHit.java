package io.zerone.insights.query.search;

import java.time.Instant;

/**
 * One search result. The {@code *Html} fields are escaped text with the matched words in {@code <mark>}: the whole
 * title and summary, and up to two fragments of the body around the matches ({@code snippetHtml}); {@code language}
 * is the insight's BCP 47 tag.
 */
record SearchHit(String slug, String title, String titleHtml, String summary, String summaryHtml,
        String category, Instant publishedAt, int readingMinutes, String snippetHtml, String language) {
}
