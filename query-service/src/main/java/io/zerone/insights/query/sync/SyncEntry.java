package io.zerone.insights.query.sync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.zerone.insights.query.article.ArticleItem;

/**
 * One change as a consumer applies it: an upsert carries the whole insight, a deletion only what was removed.
 * {@code type} says what kind of thing changed, so that cases can join the same log without a new API.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SyncEntry(String type, Action action, String slug, ArticleItem insight) {

    static final String INSIGHT = "insight";

    enum Action {
        @JsonProperty("upsert") UPSERT,
        @JsonProperty("delete") DELETE
    }

    /** The insight in exactly the shape of {@code GET /api/insights/{slug}}, so a consumer needs one mapping. */
    static SyncEntry upsert(ArticleItem insight) {
        return new SyncEntry(INSIGHT, Action.UPSERT, insight.slug(), insight);
    }

    static SyncEntry delete(String type, String slug) {
        return new SyncEntry(type, Action.DELETE, slug, null);
    }

    /** A page of changes, and where the next one starts. */
    record Page(List<SyncEntry> items, boolean hasMore, String nextSyncToken) {
    }
}
