package io.zerone.insights.ingest.publishing;

import java.time.Instant;
import java.util.List;

/** A valid publish request, defaults applied: what becomes an InsightPublished. */
record PublishRequest(
        String slug,
        String title,
        String summary,
        String category,
        Instant publishedAt,
        int readingMinutes,
        String caseRef,
        List<String> tags,
        String language,
        String body) {
}
