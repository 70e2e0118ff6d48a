package io.zerone.insights.query.article;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.zerone.insights.query.cache.CacheKey;
import io.zerone.insights.query.web.Precompressed;
import io.zerone.insights.query.web.ReadTimeout.ReadSettings;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One insight as the projector stored it: for the article page, the page, its ETag and the same page compressed; for
 * the JSON API, the insight with its body. Lookups that miss the response cache at the same moment are read in one
 * statement ({@link SlugBatches}).
 */
@Component
class StoredArticles {

    /**
     * An article page as the projector stored it, with what its related insights are chosen by; {@code page} is null
     * for an unpublished insight (410).
     */
    record Stored(String slug, Precompressed page, String html, String contentHash, List<String> tags, String caseRef,
            String language) {

        boolean removed() {
            return page == null;
        }
    }

    /**
     * A tombstone of a slug that was never live (docs/adr/0007) is read as no row: its address answers 404, as any
     * address nothing was published under.
     */
    private static final String SHOWN = " where slug = any(:slugs) and (removed_at is null or was_live)";

    private final DatabaseClient database;
    private final SlugBatches<Stored> pages;
    private final SlugBatches<StoredInsight> insights;

    StoredArticles(DatabaseClient database, ReadSettings read,
            @Value("${spring.r2dbc.pool.max-acquire-time:2s}") Duration connectionWait) {
        this.database = database;
        // Two statements of each at a time: while PostgreSQL reads one batch the service decodes the other's rows, and
        // more would queue in PostgreSQL for the same cores. 64 slugs a statement keep it within a few milliseconds.
        // A lookup answers, or fails as timed out, within what one alone could take before: the pool's wait for a
        // connection, then the statement until PostgreSQL cancels it at the read timeout (and a second for the rest).
        Duration unanswered = connectionWait.plus(read.statementTimeout()).plusSeconds(1);
        this.pages = new SlugBatches<>(this::pages, Stored::slug, 2, 64, unanswered);
        this.insights = new SlugBatches<>(this::insights, StoredInsight::slug, 2, 64, unanswered);
    }

    /** The article page of the slug, read together with the other requests' lookups that wait at the same moment. */
    Mono<Stored> find(String slug) {
        return pages.find(slug);
    }

    private Flux<Stored> pages(List<String> slugs) {
        return database.sql("select slug, removed_at is not null as removed, tags, case_ref, page_html, page_gzip,"
                        + " page_br, content_hash, language from insight" + SHOWN)
                .bind("slugs", slugs.toArray(String[]::new))
                .map(row -> {
                    String slug = row.get("slug", String.class);
                    if (Boolean.TRUE.equals(row.get("removed", Boolean.class))) {
                        return new Stored(slug, null, null, null, List.of(), null, null);
                    }
                    String html = row.get("page_html", String.class);
                    String hash = row.get("content_hash", String.class);
                    String[] tags = row.get("tags", String[].class);
                    return new Stored(slug, Precompressed.page(html, hash, row.get("page_gzip", byte[].class),
                            row.get("page_br", byte[].class)), html, hash, tags == null ? List.of() : List.of(tags),
                            row.get("case_ref", String.class), row.get("language", String.class));
                })
                .all();
    }

    /** The key under which callers cache {@link #insight(String)}: only a change of this slug drops it. */
    static CacheKey insightKey(String slug) {
        return CacheKey.singleInsight(slug, "insight:json");
    }

    /** The insight by its slug, read together with the other requests' lookups that wait at the same moment. */
    Mono<StoredInsight> insight(String slug) {
        return insights.find(slug);
    }

    private Flux<StoredInsight> insights(List<String> slugs) {
        return database.sql("select " + InsightSummary.COLUMNS + ", removed_at, body_html from insight" + SHOWN)
                .bind("slugs", slugs.toArray(String[]::new))
                .map(row -> {
                    String slug = row.get("slug", String.class);
                    return row.get("removed_at", Instant.class) != null
                            ? new StoredInsight(slug, true, null, null)
                            : new StoredInsight(slug, false, InsightSummary.read(row),
                                    row.get("body_html", String.class));
                })
                .all();
    }
}
