package io.zerone.insights.query.sync;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One change as a consumer applies it: an upsert carries the whole insight, a deletion only what was removed.
 * {@code type} says what kind of thing changed, so that cases can join the same log without a new API.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SyncEntry(String type, Action action, String slug, Insight insight) {

    static final String INSIGHT = "insight";

    enum Action {
        upsert, delete
    }

    static SyncEntry upsert(Insight insight) {
        return new SyncEntry(INSIGHT, Action.upsert, insight.slug(), insight);
    }

    static SyncEntry delete(String type, String slug) {
        return new SyncEntry(type, Action.delete, slug, null);
    }

    /** The insight in exactly the shape of {@code GET /api/insights/{slug}}, so a consumer needs one mapping. */
    record Insight(String slug, String title, String summary, String category, Instant publishedAt,
            int readingMinutes, String caseRef, List<String> tags, String url, Instant revisedAt, String bodyHtml) {
    }

    /** A page of changes, and where the next one starts. */
    record Page(List<SyncEntry> items, boolean hasMore, String nextSyncToken) {
    }
}
