package io.zerone.insights.query.sync;

import java.time.Instant;

import org.springframework.stereotype.Component;

import io.r2dbc.spi.Readable;
import io.zerone.insights.query.article.ArticleItem;
import io.zerone.insights.query.article.InsightSummary;
import io.zerone.insights.query.web.SiteSettings;

/** Rows of the projection as sync entries: the insight exactly as {@code GET /api/insights/{slug}} shows it. */
@Component
class SyncRows {

    /** The columns of the insight table that {@link #insight} reads. */
    static final String INSIGHT_COLUMNS = InsightSummary.COLUMNS + ", removed_at, body_html";

    /**
     * What a row's text costs a page, in bytes as stored: the columns that can be large, read into memory and (but
     * {@code card_html}) written out. PostgreSQL knows a value's length without decompressing it.
     */
    static final String SIZE = "coalesce(octet_length(body_html), 0) + coalesce(octet_length(card_html), 0)"
            + " + coalesce(octet_length(summary), 0) + coalesce(octet_length(title), 0)";

    private final SiteSettings site;

    SyncRows(SiteSettings site) {
        this.site = site;
    }

    /**
     * An entry of the change log ({@code type}, {@code changed}: its slug) with the slug's row, if any: an upsert
     * while live, otherwise a deletion of the entry's slug.
     */
    SyncEntry change(Readable row) {
        boolean live = row.get("slug", String.class) != null && row.get("removed_at", Instant.class) == null;
        return live ? SyncEntry.upsert(insight(row))
                : SyncEntry.delete(row.get("type", String.class), row.get("changed", String.class));
    }

    ArticleItem insight(Readable row) {
        InsightSummary insight = InsightSummary.read(row);
        return ArticleItem.of(insight, row.get("body_html", String.class), site.insightUrl(insight.slug()));
    }
}
