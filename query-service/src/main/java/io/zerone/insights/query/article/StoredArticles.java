package io.zerone.insights.query.article;

import java.time.Instant;
import java.util.List;

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

    /**
     * An article page as the projector stored it, with what its related insights are chosen by; {@code page} is null
     * for an unpublished insight (410).
     */
    record Stored(Precompressed page, String html, String contentHash, List<String> tags, String caseRef,
            String language) {

        boolean removed() {
            return page == null;
        }
    }

    /**
     * A tombstone of a slug that was never live (docs/adr/0007) is read as no row: its address answers 404, as any
     * address nothing was published under.
     */
    private static final String SHOWN = " where slug = :slug and (removed_at is null or was_live)";

    private final DatabaseClient database;

    StoredArticles(DatabaseClient database) {
        this.database = database;
    }

    Mono<Stored> find(String slug) {
        return database.sql("select removed_at is not null as removed, tags, case_ref, page_html, page_gzip, page_br,"
                        + " content_hash, language from insight" + SHOWN)
                .bind("slug", slug)
                .map(row -> {
                    if (Boolean.TRUE.equals(row.get("removed", Boolean.class))) {
                        return new Stored(null, null, null, List.of(), null, null);
                    }
                    String html = row.get("page_html", String.class);
                    String hash = row.get("content_hash", String.class);
                    String[] tags = row.get("tags", String[].class);
                    return new Stored(Precompressed.page(html, hash, row.get("page_gzip", byte[].class),
                            row.get("page_br", byte[].class)), html, hash, tags == null ? List.of() : List.of(tags),
                            row.get("case_ref", String.class), row.get("language", String.class));
                })
                .one();
    }

    /** The key under which callers cache {@link #insight(String)}: only a change of this slug drops it. */
    static CacheKey insightKey(String slug) {
        return CacheKey.singleInsight(slug, "insight:json");
    }

    Mono<StoredInsight> insight(String slug) {
        return database.sql("select " + InsightSummary.COLUMNS + ", removed_at, body_html from insight" + SHOWN)
                .bind("slug", slug)
                .map(row -> row.get("removed_at", Instant.class) != null
                        ? new StoredInsight(slug, true, null, null)
                        : new StoredInsight(slug, false, InsightSummary.read(row), row.get("body_html", String.class)))
                .one();
    }
}
