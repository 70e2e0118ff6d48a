package io.zerone.insights.query.search;

import java.time.Instant;

/** One search result; {@code snippetHtml} is escaped text with the matched words in {@code <mark>}. */
public record SearchHit(String slug, String title, String summary, String category, Instant publishedAt,
        int readingMinutes, String snippetHtml) {
}
