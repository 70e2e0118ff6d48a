package io.zerone.insights.query.article;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.web.Precompressed;
import reactor.core.publisher.Mono;

/**
 * One insight as the projector stored it: for the article page, the page, its ETag and the same page compressed; for
 * the JSON API, the insight with its body.
 */
@Component
class StoredArticles {

    /** What is cached per slug: the stored page ready to send, or none for an unpublished insight (410). */
    record Article(Precompressed page) {

        boolean removed() {
            return page == null;
        }
    }

    private final DatabaseClient database;

    StoredArticles(DatabaseClient database) {
        this.database = database;
    }

    Mono<Article> find(String slug) {
        return database.sql("select removed_at is not null as removed, page_html, page_gzip, page_br, content_hash"
                        + " from insight where slug = :slug")
                .bind("slug", slug)
                .map(row -> new Article(Boolean.TRUE.equals(row.get("removed", Boolean.class)) ? null
                        : Precompressed.page(row.get("page_html", String.class), row.get("content_hash", String.class),
                                row.get("page_gzip", byte[].class), row.get("page_br", byte[].class))))
                .one();
    }

    /** The key under which callers cache {@link #insight(String)}: only a change of this slug drops it. */
    static CacheKey insightKey(String slug) {
        return CacheKey.singleInsight(slug, "insight:stored");
    }

    Mono<StoredInsight> insight(String slug) {
        return database.sql("select " + InsightSummary.COLUMNS + ", removed_at, page_html, body_html, content_hash"
                        + " from insight where slug = :slug")
                .bind("slug", slug)
                .map(row -> row.get("removed_at", Instant.class) != null
                        ? new StoredInsight(slug, true, null, null, null, null)
                        : new StoredInsight(slug, false, InsightSummary.read(row), row.get("page_html", String.class),
                                row.get("body_html", String.class), row.get("content_hash", String.class)))
                .one();
    }
}
