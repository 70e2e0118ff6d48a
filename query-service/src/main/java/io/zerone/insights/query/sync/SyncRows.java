package io.zerone.insights.query.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Component;

import io.r2dbc.spi.Readable;
import io.zerone.insights.query.insight.SiteSettings;

/** Rows of the projection as sync entries: the insight in the shape of {@code GET /api/insights/{slug}}. */
@Component
class SyncRows {

    /** The columns {@link #insight} reads, from the insight table aliased {@code i}. */
    static final String INSIGHT_COLUMNS = """
            i.slug, i.title, i.summary, i.category, i.published_at, i.reading_minutes, i.case_ref, i.tags,
            i.revised_at, i.body_html""";

    private final SiteSettings site;

    SyncRows(SiteSettings site) {
        this.site = site;
    }

    /**
     * An entry of the change log joined with the slug's row ({@code type}, {@code changed} the entry's slug,
     * {@code removed_at} and the insight columns): an upsert while live, otherwise a deletion of the entry's slug.
     */
    SyncEntry change(Readable row) {
        boolean live = row.get("slug", String.class) != null && row.get("removed_at", Instant.class) == null;
        return live ? SyncEntry.upsert(insight(row))
                : SyncEntry.delete(row.get("type", String.class), row.get("changed", String.class));
    }

    SyncEntry.Insight insight(Readable row) {
        String slug = row.get("slug", String.class);
        String[] tags = row.get("tags", String[].class);
        Integer minutes = row.get("reading_minutes", Integer.class);
        return new SyncEntry.Insight(slug, row.get("title", String.class), row.get("summary", String.class),
                row.get("category", String.class), row.get("published_at", Instant.class),
                minutes == null ? 0 : minutes, row.get("case_ref", String.class),
                tags == null ? List.of() : Arrays.asList(tags), site.insightUrl(slug),
                row.get("revised_at", Instant.class), row.get("body_html", String.class));
    }
}
